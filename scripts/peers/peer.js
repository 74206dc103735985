#!/usr/bin/env node
/*
 * Runs one sentiment peer over JSON Lines for the text engine's evaluation.
 *
 *   node scripts/peers/peer.js vader|sentiment|wink < in.jsonl > out.jsonl
 *
 * Reads {"id": ..., "text": ...} a line and writes {"id": ..., "polarity":
 * "positive"|"neutral"|"negative", "score": <the peer's own number>} a line, in
 * the same order. Each peer's 3-class polarity is its own usual decision:
 *
 *   vader      polarity_scores(text).compound: positive when > 0.05, negative
 *              when < -0.05, else neutral (the thresholds VADER's authors give).
 *   sentiment  (AFINN-165) analyze(text).score, the sum of the word values:
 *              positive when > 0, negative when < 0, else neutral.
 *   wink       wink-sentiment(text).normalizedScore: positive when > 0,
 *              negative when < 0, else neutral.
 *
 * One process per peer; the whole input is read at once so that the time is the
 * peer's, not the line reader's.
 */
'use strict';
const fs = require('fs');

function scorer(name) {
  if (name === 'vader') {
    const vader = require('vader-sentiment');
    return (t) => {
      const c = vader.SentimentIntensityAnalyzer.polarity_scores(t).compound;
      return [c, c > 0.05 ? 'positive' : c < -0.05 ? 'negative' : 'neutral'];
    };
  }
  if (name === 'sentiment') {
    const Sentiment = require('sentiment');
    const s = new Sentiment();
    return (t) => {
      const v = s.analyze(t).score;
      return [v, v > 0 ? 'positive' : v < 0 ? 'negative' : 'neutral'];
    };
  }
  if (name === 'wink') {
    const wink = require('wink-sentiment');
    return (t) => {
      const v = wink(t).normalizedScore;
      return [v, v > 0 ? 'positive' : v < 0 ? 'negative' : 'neutral'];
    };
  }
  process.stderr.write('peer: unknown peer ' + name + '\n');
  process.exit(2);
}

const score = scorer(process.argv[2]);
const lines = fs.readFileSync(0, 'utf8').split('\n');
const out = [];
for (const line of lines) {
  if (line === '') continue;
  const row = JSON.parse(line);
  const text = typeof row.text === 'string' ? row.text : '';
  let v = 0;
  let p = 'neutral';
  try {
    [v, p] = score(text);
  } catch (e) {
    /* a peer that throws on a text says nothing about it */
  }
  out.push(JSON.stringify({ id: row.id, polarity: p, score: v }));
}
fs.writeFileSync(1, out.join('\n') + (out.length ? '\n' : ''));
