// The words and thresholds the console needs that the server's answers do not carry (yet).
// Everything the API does send (rubric states, suggestion reasons, a held reply's reasons,
// risk reasons, evidence, triage parts) is shown as it comes; this is the one place for the
// rest, so that when the API starts sending a label its copy here is deleted.

// The views in the order of the keys 1…8 (GET /api/views sends names and counts, no labels).
export const VIEWS = [['mine', 'My open tickets'], ['unassigned', 'Unassigned'], ['open', 'All open'],
  ['pending', 'Pending'], ['solved', 'Recently solved'], ['all', 'All tickets'],
  ['at_risk', 'SLA at risk'], ['breached', 'SLA breached']];
export const SORTS = [['', 'Need'], ['triage', 'Triage score'], ['due', 'SLA due'], ['newest', 'Newest'],
  ['oldest', 'Oldest'], ['updated', 'Recently updated']];

// What a ticket's status and priority may be (the API sends a ticket's value, not the choices).
export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

// The service level clocks of a ticket's "sla", in words.
export const CLOCKS = [['first_response', 'first response'], ['next_response', 'next response'], ['resolution', 'resolution']];

// A coach score as a grade: the colour of the score in the coach and of the badge on a sent reply.
export const GRADE_GOOD = 70;
export const GRADE_FAIR = 40;
export function grade(score) { return score >= GRADE_GOOD ? 'good' : score >= GRADE_FAIR ? 'fair' : 'poor'; }

// Moods that read as upset, and as glad; everything else is calm.
const UPSET = new Set(['frustration', 'anxiety', 'sadness', 'anger', 'annoyance', 'disappointment', 'fear',
  'confusion', 'disgust', 'disapproval', 'grief', 'nervousness', 'remorse', 'embarrassment']);
const GLAD = new Set(['gratitude', 'joy', 'relief', 'admiration', 'approval', 'love', 'optimism', 'excitement',
  'amusement', 'pride', 'caring']);
export function moodTone(m) { return UPSET.has(m) ? 'upset' : GLAD.has(m) ? 'glad' : 'calm'; }

// How a customer sounds, for each feeling the engine names: "sounds frustrated", never "sounds frustration".
// (POST /api/coach sends "customer_emotion", but as the situation, "frustrating", and only once there is a draft.)
export const SOUNDS = {
  frustration: 'frustrated', anxiety: 'worried', confusion: 'confused', sadness: 'sad', gratitude: 'grateful', joy: 'happy',
  admiration: 'admiring', amusement: 'amused', anger: 'angry', annoyance: 'annoyed', approval: 'approving', caring: 'caring',
  curiosity: 'curious', desire: 'eager', disappointment: 'disappointed', disapproval: 'disapproving', disgust: 'disgusted',
  embarrassment: 'embarrassed', excitement: 'excited', fear: 'afraid', grief: 'grief-stricken', love: 'warm',
  nervousness: 'nervous', optimism: 'hopeful', pride: 'proud', realization: 'thoughtful', relief: 'relieved',
  remorse: 'sorry', surprise: 'surprised',
};

// Who may see what, in words, for a page a role may not open.
export const ROLE_WORDS = { agent: 'agents', lead: 'leads', admin: 'admins' };

// From this urgency (0 to 1) a customer message shows an "urgent" badge.
export const URGENT_FROM = 0.3;
