/*
 * The words the console shows for the desk's names and the text engine's
 * feelings, so that no client keeps a copy: GET /api/vocabulary.
 */
#include "desk/vocabulary.h"
#include "http/http.h"
#include "text/text.h"

#include "core/banned.h"

static json_t *words_json(struct at_words l)
{
    json_t *a = json_array();

    for (size_t i = 0; i < l.n; i++) {
        json_t *w = json_pack("{s:s, s:s}", "name", l.w[i].name, "label", l.w[i].label);

        if (l.w[i].plural)
            json_object_set_new(w, "plural", json_string(l.w[i].plural));
        json_array_append_new(a, w);
    }
    return a;
}

static json_t *feeling_json(const char *sounds, const char *tone)
{
    return json_pack("{s:s, s:s}", "sounds", sounds, "tone", tone);
}

static void vocabulary_get(struct at_req *req)
{
    json_t *o, *emotions = json_object(), *service = json_object();

    if (!at_http_query_only(req, NULL)) {
        json_decref(emotions);
        json_decref(service);
        return;
    }
    for (int e = 0; e < AT_EMO_COUNT; e++)
        json_object_set_new(emotions, at_text_emotion_name((enum at_emotion)e),
                            feeling_json(at_text_emotion_sounds((enum at_emotion)e),
                                         at_text_emotion_tone((enum at_emotion)e)));
    for (int s = 0; s < AT_SVC_COUNT; s++)
        json_object_set_new(service, at_text_service_name((enum at_service)s),
                            feeling_json(at_text_service_sounds((enum at_service)s),
                                         at_text_service_tone((enum at_service)s)));
    o = json_pack("{s:o, s:o, s:{s:i, s:i}, s:f, s:s}", "emotions", emotions, "service", service,
                  "grades", "good", AT_COACH_GOOD, "fair", AT_COACH_FAIR, "urgent_from",
                  (double)AT_TEXT_URGENT_FROM, "currency",
                  req->desk->currency[0] ? req->desk->currency : "USD");
    for (int l = 0; l < AT_VOCAB_COUNT; l++)
        json_object_set_new(o, at_vocab_name((enum at_vocab_list)l),
                            words_json(at_vocab((enum at_vocab_list)l)));
    at_http_reply(req, 200, o);
}

const struct at_route at_routes_vocabulary[] = {
    {"GET", "/api/vocabulary", AT_R_ALL, vocabulary_get},
    {NULL, NULL, 0, NULL},
};
