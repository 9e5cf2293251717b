/*
 * screening.c -- the PAR-Q+, ACSM 2015 and red-flag tables and the rules
 * that combine them; see screening.h and docs/screening.md.
 *
 * Every string in the tables is our own paraphrase; every rule names its
 * source key (data/sources.json).  Validation comes first and is complete,
 * so the decision code below it can assume well-formed answers.
 */
#include <stdio.h>
#include <string.h>

#include "core/screening.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Tables                                                              */

#define G(n, t)                                                                \
    {                                                                          \
        "g" #n, "parq.g" #n, t                                                 \
    }

const struct rb_parq_question rb_parq_general[RB_PARQ_NGENERAL] = {
    G(1, "A doctor has said you have a heart condition or high blood "
         "pressure."),
    G(2, "Chest pain at rest, during daily activities or during physical "
         "activity."),
    G(3, "Lost balance because of dizziness, or lost consciousness, in the "
         "last 12 months (no if the dizziness came from over-breathing, "
         "including during vigorous exercise)."),
    G(4, "Ever diagnosed with another chronic medical condition (other than "
         "heart disease or high blood pressure)."),
    G(5, "Currently taking prescribed medication for a chronic medical "
         "condition."),
    G(6, "A bone, joint or soft-tissue problem now or in the last 12 months "
         "that more activity could make worse (no if a past problem no "
         "longer limits activity)."),
    G(7, "A doctor has said you should only do medically supervised "
         "physical activity."),
};

#undef G

#define SUB(cat, id, t)                                                        \
    {                                                                          \
        id, "parq.followup." cat "." id, t                                     \
    }
#define HARD(cat)                                                              \
    SUB(cat, "hard_to_control",                                                \
        "Hard to control with medication or other physician-prescribed "       \
        "therapy?")

const struct rb_parq_category_def rb_parq_categories[RB__PARQ_CATEGORY_MAX] = {
    [RB_PARQ_ARTHRITIS] = {"arthritis",
        "Arthritis, osteoporosis or back problems?", 3,
        {
            HARD("arthritis"),
            SUB("arthritis", "joint_or_fracture",
                "Painful joint problems, a recent fracture or one caused by "
                "osteoporosis or cancer, a displaced vertebra "
                "(spondylolisthesis) or a pars defect?"),
            SUB("arthritis", "steroids",
                "Steroid injections or tablets regularly for more than 3 "
                "months?"),
        },
        "PARQ-followup"},
    [RB_PARQ_CANCER] = {"cancer", "Cancer of any kind?", 2,
        {
            SUB("cancer", "high_risk_type",
                "Lung or bronchogenic cancer, multiple myeloma, or cancer of "
                "the head and neck?"),
            SUB("cancer", "current_therapy",
                "Currently receiving chemotherapy or radiotherapy?"),
        },
        "PARQ-followup"},
    [RB_PARQ_HEART] = {"heart", "Heart or cardiovascular disease?", 4,
        {
            HARD("heart"),
            SUB("heart", "irregular_beat",
                "An irregular heartbeat that needs medical management?"),
            SUB("heart", "heart_failure", "Chronic heart failure?"),
            SUB("heart", "inactive_cad",
                "Diagnosed coronary artery disease and no regular physical "
                "activity in the last 2 months?"),
        },
        "PARQ-followup"},
    [RB_PARQ_BLOOD_PRESSURE] = {"blood_pressure", "High blood pressure?", 1,
        {
            SUB("blood_pressure", "resting_160_90",
                "Resting blood pressure of 160/90 mmHg or more, with or "
                "without medication (yes if not known)?"),
        },
        "PARQ-followup"},
    [RB_PARQ_METABOLIC] = {"metabolic",
        "A metabolic condition (type 1 or type 2 diabetes, pre-diabetes)?", 3,
        {
            SUB("metabolic", "blood_sugar",
                "Blood sugar often above 13.0 mmol/L (yes if unsure)?"),
            SUB("metabolic", "complications",
                "Complications of diabetes: heart or vascular disease, eyes, "
                "kidneys, or loss of feeling in the feet?"),
            SUB("metabolic", "other_metabolic",
                "Another metabolic condition (thyroid, gestational diabetes, "
                "chronic kidney disease, liver)?"),
        },
        "PARQ-followup"},
    [RB_PARQ_MENTAL_HEALTH] = {"mental_health",
        "Mental health problems or learning difficulties?", 2,
        {
            HARD("mental_health"),
            SUB("mental_health", "back_problems",
                "Also back problems affecting nerves or muscles?"),
        },
        "PARQ-followup"},
    [RB_PARQ_RESPIRATORY] = {"respiratory",
        "Respiratory disease (COPD, asthma, pulmonary hypertension)?", 3,
        {
            HARD("respiratory"),
            SUB("respiratory", "low_oxygen",
                "Low blood oxygen, or on supplemental oxygen?"),
            SUB("respiratory", "asthma_symptoms",
                "Asthma symptoms (chest tightness, wheeze, laboured "
                "breathing, cough on more than 2 days a week), or a rescue "
                "inhaler more than twice in the last week?"),
        },
        "PARQ-followup"},
    [RB_PARQ_SPINAL_CORD] = {"spinal_cord", "A spinal cord injury?", 3,
        {
            HARD("spinal_cord"),
            SUB("spinal_cord", "low_blood_pressure",
                "Low resting blood pressure causing dizziness, "
                "light-headedness or fainting?"),
            SUB("spinal_cord", "autonomic_dysreflexia",
                "Episodes of autonomic dysreflexia?"),
        },
        "PARQ-followup"},
    [RB_PARQ_STROKE] = {"stroke", "Stroke or transient ischaemic attack?", 3,
        {
            HARD("stroke"),
            SUB("stroke", "mobility", "Walking or mobility impairment?"),
            SUB("stroke", "recent",
                "A stroke or nerve or muscle impairment in the last 6 "
                "months?"),
        },
        "PARQ-followup"},
    [RB_PARQ_OTHER] = {"other",
        "Another medical condition, or two or more medical conditions?", 3,
        {
            SUB("other", "concussion",
                "Concussion, or a blackout from a head injury, in the last "
                "12 months?"),
            SUB("other", "unlisted",
                "A condition not listed above (such as epilepsy, or a "
                "neurological or kidney condition)?"),
            SUB("other", "two_or_more",
                "Living with two or more medical conditions?"),
        },
        "PARQ-followup"},
};

#undef HARD
#undef SUB

/* The PAR-Q+ follow-up that is also a red flag (item 10a). */
#define CONCUSSION_SUB 0
#define CONCUSSION_FLAG "concussion.recent"

const struct rb_screen_term rb_acsm_diseases[] = {
    {"cardiovascular",
        "Cardiac, peripheral vascular or cerebrovascular "
        "disease.",
        "ACSM-defs", true},
    /* The 2015 scope of "metabolic" is UNVERIFIED (brief 1.2); read
     * broadly, which can only make the screen more cautious. */
    {"metabolic",
        "Type 1 or type 2 diabetes (older wording also lists "
        "thyroid, renal and liver disease).",
        "ACSM-defs", false},
    {"renal", "Renal (kidney) disease.", "ACSM-2015", true},
};
const size_t rb_acsm_disease_count = NELEM(rb_acsm_diseases);

const struct rb_screen_term rb_acsm_symptoms[] = {
    {"ischaemic_pain",
        "Pain or discomfort in the chest, neck, jaw, arms or elsewhere that "
        "may be ischaemic.",
        "ACSM-defs", true},
    {"breathlessness", "Shortness of breath at rest or with mild exertion.",
        "ACSM-defs", true},
    {"dizziness_syncope", "Dizziness or fainting.", "ACSM-defs", true},
    {"orthopnoea_pnd",
        "Breathless lying flat, or waking up breathless at night.", "ACSM-defs",
        true},
    {"ankle_oedema", "Swelling of the ankles.", "ACSM-defs", true},
    {"palpitations", "Palpitations or a racing heart.", "ACSM-defs", true},
    {"claudication",
        "Cramping leg pain on walking that eases with rest (intermittent "
        "claudication).",
        "ACSM-defs", true},
    /* Listed in GETP, not in the excerpt read: UNVERIFIED, kept because
     * accepting them only makes the screen more cautious. */
    {"heart_murmur", "A known heart murmur.", "ACSM-defs", false},
    {"unusual_fatigue",
        "Unusual fatigue or breathlessness with usual activities.", "ACSM-defs",
        false},
};
const size_t rb_acsm_symptom_count = NELEM(rb_acsm_symptoms);

const struct rb_screen_threshold rb_screen_thresholds[RB__TH_MAX] = {
    [RB_TH_PARQ_AGE_VIGOROUS] = {"parq.age_vigorous", 45, "years", ">",
        "all seven PAR-Q+ answers no, not used to vigorous exercise",
        "PARQ-form", true, NULL, NULL},
    [RB_TH_PARQ_VALID_MONTHS] = {"parq.valid_months", 12, "months",
        "<=", "everyone; void earlier if health changes", "PARQ-form", true,
        NULL, NULL},
    /* The blog read says "> 55", the original rule ">= 55" (UNVERIFIED
     * which); >= is the cautious reading. */
    [RB_TH_OTTAWA_KNEE_AGE] = {"ottawa_knee.age", 55, "years",
        ">=", "acute knee injury", "OttawaKnee", false, NULL, NULL},
};

/* What to do, per cluster. */
static const char msg_cardiac[] =
    "Stop the session and refer to a physician before any further "
    "exercise; if the symptom is happening now or is severe, use the "
    "emergency action plan.";
static const char msg_cardiac_now[] =
    "Stop exercise now and activate the emergency action plan (call "
    "emergency services).";
static const char msg_ces[] =
    "Stop: these signs need same-day emergency medical assessment. No "
    "training until a physician has assessed the client.";
static const char msg_spinal_region[] =
    "Refer for prompt medical assessment; do not train or load the spine "
    "until cleared.";
static const char msg_spinal_all[] =
    "Refer for prompt medical assessment; no training until cleared.";
static const char msg_spinal_neuro[] =
    "Refer for same-day medical assessment; no training until cleared.";
static const char msg_ankle[] =
    "Ottawa ankle rule met: refer for imaging; no loading of the ankle and "
    "foot until cleared.";
static const char msg_foot[] =
    "Ottawa foot rule met: refer for imaging; no loading of the ankle and "
    "foot until cleared.";
static const char msg_knee[] =
    "Ottawa knee rule met: refer for imaging; no loading of the knee until "
    "cleared.";
static const char msg_condition[] =
    "Entry condition of a decision rule; refers nobody on its own.";
static const char msg_concussion[] =
    "Refer to a physician for follow-up screening before clearance; graded "
    "return after concussion is outside a personal trainer's scope.";
static const char msg_postnatal[] =
    "Refer to a pelvic-health physiotherapist before any impact or running; "
    "other training may continue.";

#define FLAG(i, cl, u, bk, src, q, m)                                          \
    {                                                                          \
        .id = i, .rule = "redflag." i, .cluster = cl, .urgency = u, bk,        \
        .source = src, .question = q, .message = m                             \
    }
#define ALL .blocks = RB_BLOCK_ALL_TRAINING, .block = "all_training"
#define SPINE .blocks = RB_BLOCK_REGION, .block = "region:spine"
#define ANKLE_FOOT .blocks = RB_BLOCK_REGION, .block = "region:ankle_foot"
#define KNEE .blocks = RB_BLOCK_REGION, .block = "region:knee"
#define IMPACT .blocks = RB_BLOCK_IMPACT, .block = "impact"
#define EMERG RB_URGENCY_EMERGENCY
#define URGENT RB_URGENCY_URGENT
#define ROUTINE RB_URGENCY_ROUTINE

const struct rb_red_flag rb_red_flags[] = {
    /* Possible cardiac event: an ACSM sign or symptom during or between
     * sessions [ACSM-2015]. */
    FLAG("cardiac.acute_now", "cardiac", EMERG, ALL, "ACSM-2015",
        "Any of the cardiac symptoms below happening now, during the "
        "session.",
        msg_cardiac_now),
    FLAG("cardiac.chest_pain", "cardiac", URGENT, ALL, "ACSM-2015",
        "New chest, jaw, neck or arm pain or discomfort.", msg_cardiac),
    FLAG("cardiac.breathlessness", "cardiac", URGENT, ALL, "ACSM-2015",
        "Unusual breathlessness.", msg_cardiac),
    FLAG("cardiac.syncope", "cardiac", URGENT, ALL, "ACSM-2015",
        "Fainting or near-fainting.", msg_cardiac),
    FLAG("cardiac.palpitations", "cardiac", URGENT, ALL, "ACSM-2015",
        "Palpitations or a racing heart.", msg_cardiac),

    /* Cauda equina syndrome: every item an emergency [CES]. */
    FLAG("ces.bilateral_leg_symptoms", "ces", EMERG, ALL, "CES",
        "Pain, numbness or weakness in both legs.", msg_ces),
    FLAG("ces.saddle_anaesthesia", "ces", EMERG, ALL, "CES",
        "Numbness in the saddle or perineal area.", msg_ces),
    FLAG("ces.bladder_change", "ces", EMERG, ALL, "CES",
        "New bladder change: hesitancy, poor stream or urgency.", msg_ces),
    FLAG("ces.urinary_retention", "ces", EMERG, ALL, "CES",
        "Cannot pass urine (retention).", msg_ces),
    FLAG("ces.bowel_incontinence", "ces", EMERG, ALL, "CES",
        "Loss of bowel control.", msg_ces),
    FLAG("ces.sexual_dysfunction", "ces", EMERG, ALL, "CES",
        "New loss of sexual function.", msg_ces),
    FLAG("ces.progressive_weakness", "ces", EMERG, ALL, "CES",
        "Leg weakness that is getting worse.", msg_ces),

    /* Serious spinal pathology (cancer, infection, fracture): urgent, not
     * an emergency unless there is a neurological deficit [LBP-RF].
     * Systemic signs block all training, local ones the spine (our
     * choice; the brief gives no block). */
    FLAG("spinal.cancer_history", "spinal", URGENT, SPINE, "LBP-RF",
        "Back pain with a history of cancer.", msg_spinal_region),
    FLAG("spinal.weight_loss", "spinal", URGENT, ALL, "LBP-RF",
        "Back pain with unexplained weight loss.", msg_spinal_all),
    FLAG("spinal.rest_night_pain", "spinal", URGENT, SPINE, "LBP-RF",
        "Back pain not relieved by rest, or worse at night.",
        msg_spinal_region),
    FLAG("spinal.fever_unwell", "spinal", URGENT, ALL, "LBP-RF",
        "Back pain with fever, night sweats or feeling unwell.",
        msg_spinal_all),
    FLAG("spinal.infection_risk", "spinal", URGENT, SPINE, "LBP-RF",
        "Back pain with intravenous drug use, immunosuppression, prolonged "
        "steroid use or a recent urinary infection.",
        msg_spinal_region),
    FLAG("spinal.significant_trauma", "spinal", URGENT, SPINE, "LBP-RF",
        "Back pain after significant trauma for the person's age (a minor "
        "fall counts in an older or osteoporotic person).",
        msg_spinal_region),
    FLAG("spinal.thoracic_pain", "spinal", URGENT, SPINE, "LBP-RF",
        "Thoracic (mid-back) pain.", msg_spinal_region),
    FLAG("spinal.deformity", "spinal", URGENT, SPINE, "LBP-RF",
        "A structural deformity of the spine.", msg_spinal_region),
    FLAG("spinal.onset_age", "spinal", URGENT, SPINE, "LBP-RF",
        "Back pain that began before age 20 or after age 50.",
        msg_spinal_region),
    FLAG("spinal.neuro_deficit", "spinal", EMERG, ALL, "LBP-RF",
        "A neurological deficit (numbness, weakness) lasting more than a "
        "month.",
        msg_spinal_neuro),
    FLAG("spinal.no_improvement", "spinal", URGENT, SPINE, "LBP-RF",
        "No improvement after 4-6 weeks.", msg_spinal_region),

    /* Ottawa ankle rule: pain in the malleolar zone AND any finding. */
    {.id = "ottawa_ankle.malleolar_pain",
        .rule = "redflag.ottawa_ankle.malleolar_pain",
        .cluster = "ottawa_ankle",
        .condition = true,
        .source = "Ottawa",
        .question = "Pain in the malleolar zone after an ankle injury.",
        .message = msg_condition},
    {.id = "ottawa_ankle.lateral_malleolus",
        .rule = "redflag.ottawa_ankle.lateral_malleolus",
        .cluster = "ottawa_ankle",
        .urgency = URGENT,
        ANKLE_FOOT,
        .needs = "ottawa_ankle.malleolar_pain",
        .source = "Ottawa",
        .question = "Bone tenderness along the distal 6 cm of the posterior "
                    "edge of the fibula, or at the tip of the lateral "
                    "malleolus.",
        .message = msg_ankle},
    {.id = "ottawa_ankle.medial_malleolus",
        .rule = "redflag.ottawa_ankle.medial_malleolus",
        .cluster = "ottawa_ankle",
        .urgency = URGENT,
        ANKLE_FOOT,
        .needs = "ottawa_ankle.malleolar_pain",
        .source = "Ottawa",
        .question = "Bone tenderness along the distal 6 cm of the posterior "
                    "edge of the tibia, or at the tip of the medial "
                    "malleolus.",
        .message = msg_ankle},
    {.id = "ottawa_ankle.weight_bearing",
        .rule = "redflag.ottawa_ankle.weight_bearing",
        .cluster = "ottawa_ankle",
        .urgency = URGENT,
        ANKLE_FOOT,
        .needs = "ottawa_ankle.malleolar_pain",
        .source = "Ottawa",
        .question = "Could not take 4 steps, both right after the injury and "
                    "now.",
        .message = msg_ankle},

    /* Ottawa foot rule: mid-foot pain AND any finding. */
    {.id = "ottawa_foot.midfoot_pain",
        .rule = "redflag.ottawa_foot.midfoot_pain",
        .cluster = "ottawa_foot",
        .condition = true,
        .source = "Ottawa",
        .question = "Pain in the mid-foot zone after an injury.",
        .message = msg_condition},
    {.id = "ottawa_foot.fifth_metatarsal",
        .rule = "redflag.ottawa_foot.fifth_metatarsal",
        .cluster = "ottawa_foot",
        .urgency = URGENT,
        ANKLE_FOOT,
        .needs = "ottawa_foot.midfoot_pain",
        .source = "Ottawa",
        .question = "Bone tenderness at the base of the fifth metatarsal.",
        .message = msg_foot},
    {.id = "ottawa_foot.navicular",
        .rule = "redflag.ottawa_foot.navicular",
        .cluster = "ottawa_foot",
        .urgency = URGENT,
        ANKLE_FOOT,
        .needs = "ottawa_foot.midfoot_pain",
        .source = "Ottawa",
        .question = "Bone tenderness at the navicular.",
        .message = msg_foot},
    {.id = "ottawa_foot.weight_bearing",
        .rule = "redflag.ottawa_foot.weight_bearing",
        .cluster = "ottawa_foot",
        .urgency = URGENT,
        ANKLE_FOOT,
        .needs = "ottawa_foot.midfoot_pain",
        .source = "Ottawa",
        .question = "Could not take 4 steps, both right after the injury and "
                    "now.",
        .message = msg_foot},

    /* Ottawa knee rule: a knee injury AND any finding (age from input). */
    {.id = "ottawa_knee.injury",
        .rule = "redflag.ottawa_knee.injury",
        .cluster = "ottawa_knee",
        .condition = true,
        .source = "OttawaKnee",
        .question = "An acute knee injury.",
        .message = msg_condition},
    {.id = "ottawa_knee.age_55",
        .rule = "redflag.ottawa_knee.age_55",
        .cluster = "ottawa_knee",
        .urgency = URGENT,
        KNEE,
        .needs = "ottawa_knee.injury",
        .derived = true,
        .source = "OttawaKnee",
        .question = "Age 55 or over (taken from the age field).",
        .message = msg_knee},
    {.id = "ottawa_knee.patella",
        .rule = "redflag.ottawa_knee.patella",
        .cluster = "ottawa_knee",
        .urgency = URGENT,
        KNEE,
        .needs = "ottawa_knee.injury",
        .source = "OttawaKnee",
        .question = "Tenderness of the patella only (no other bone of the "
                    "knee tender).",
        .message = msg_knee},
    {.id = "ottawa_knee.fibular_head",
        .rule = "redflag.ottawa_knee.fibular_head",
        .cluster = "ottawa_knee",
        .urgency = URGENT,
        KNEE,
        .needs = "ottawa_knee.injury",
        .source = "OttawaKnee",
        .question = "Tenderness at the head of the fibula.",
        .message = msg_knee},
    {.id = "ottawa_knee.flexion_90",
        .rule = "redflag.ottawa_knee.flexion_90",
        .cluster = "ottawa_knee",
        .urgency = URGENT,
        KNEE,
        .needs = "ottawa_knee.injury",
        .source = "OttawaKnee",
        .question = "Cannot bend the knee to 90 degrees.",
        .message = msg_knee},
    {.id = "ottawa_knee.weight_bearing",
        .rule = "redflag.ottawa_knee.weight_bearing",
        .cluster = "ottawa_knee",
        .urgency = URGENT,
        KNEE,
        .needs = "ottawa_knee.injury",
        .source = "OttawaKnee",
        .question = "Could not take 4 steps, both right after the injury and "
                    "now.",
        .message = msg_knee},

    /* Recent concussion (PAR-Q+ item 10a). */
    FLAG("concussion.recent", "concussion", ROUTINE, ALL, "PARQ-followup",
        "Concussion, or a blackout from a head injury, in the last 12 "
        "months.",
        msg_concussion),

    /* Pelvic-floor / postnatal warning signs [Postnatal]. */
    FLAG("postnatal.heaviness", "postnatal", ROUTINE, IMPACT, "Postnatal",
        "Pelvic heaviness or dragging.", msg_postnatal),
    FLAG("postnatal.leakage", "postnatal", ROUTINE, IMPACT, "Postnatal",
        "Leaking urine or faeces, or urgency.", msg_postnatal),
    FLAG("postnatal.abdominal_separation", "postnatal", ROUTINE, IMPACT,
        "Postnatal", "A pendular abdomen or a visible gap along the midline.",
        msg_postnatal),
    FLAG("postnatal.pelvic_back_pain", "postnatal", ROUTINE, IMPACT,
        "Postnatal", "Pelvic or back pain.", msg_postnatal),
    FLAG("postnatal.bleeding", "postnatal", ROUTINE, IMPACT, "Postnatal",
        "Bleeding more than 8 weeks after the birth, not linked to a period.",
        msg_postnatal),
};
const size_t rb_red_flag_count = NELEM(rb_red_flags);

#undef FLAG
#undef ALL
#undef SPINE
#undef ANKLE_FOOT
#undef KNEE
#undef IMPACT
#undef EMERG
#undef URGENT
#undef ROUTINE

/* The decision rules built from condition + findings, and what to say when
 * only part of one is present. */
static const struct {
    const char *condition;
    const char *rule;
    const char *message;
    const char *source;
} decision_rules[] = {
    {"ottawa_ankle.malleolar_pain", "redflag.ottawa_ankle.not_met",
        "Ottawa ankle rule not met (it needs malleolar-zone pain and at "
        "least one bone-tenderness or weight-bearing finding): the rule "
        "does not call for imaging. Screen again if pain, tenderness or "
        "weight bearing change.",
        "Ottawa"},
    {"ottawa_foot.midfoot_pain", "redflag.ottawa_foot.not_met",
        "Ottawa foot rule not met (it needs mid-foot pain and at least one "
        "bone-tenderness or weight-bearing finding): the rule does not call "
        "for imaging. Screen again if pain, tenderness or weight bearing "
        "change.",
        "Ottawa"},
    {"ottawa_knee.injury", "redflag.ottawa_knee.not_met",
        "Ottawa knee rule not met (it needs a knee injury and at least one "
        "finding, age 55 or over included): the rule does not call for "
        "imaging. Screen again if the knee changes.",
        "OttawaKnee"},
};

const struct rb_red_flag *
rb_red_flag_find(const char *id)
{
    for (size_t i = 0; i < rb_red_flag_count; i++) {
        if (strcmp(rb_red_flags[i].id, id) == 0) {
            return &rb_red_flags[i];
        }
    }
    return NULL;
}

const char *
rb_screen_outcome_name(enum rb_screen_outcome o)
{
    switch (o) {
    case RB_SCREEN_CLEARED:
        return "cleared";
    case RB_SCREEN_CLEARANCE_RECOMMENDED:
        return "clearance_recommended";
    case RB_SCREEN_REFER:
        return "refer";
    }
    return "refer";
}

const char *
rb_intensity_name(enum rb_intensity i)
{
    switch (i) {
    case RB_INTENSITY_NONE:
        return "none";
    case RB_INTENSITY_LIGHT:
        return "light";
    case RB_INTENSITY_MODERATE:
        return "moderate";
    case RB_INTENSITY_VIGOROUS:
        return "vigorous";
    }
    return "none";
}

const char *
rb_urgency_name(enum rb_urgency u)
{
    switch (u) {
    case RB_URGENCY_NONE:
        return "none";
    case RB_URGENCY_ROUTINE:
        return "routine";
    case RB_URGENCY_URGENT:
        return "urgent";
    case RB_URGENCY_EMERGENCY:
        return "emergency";
    }
    return "emergency";
}

/* ------------------------------------------------------------------ */
/* ACSM 2015                                                           */

enum rb_status
rb_acsm_decide(bool regular_exercise, bool known_disease, bool symptoms,
    enum rb_intensity desired, struct rb_acsm_decision *ret, struct rb_err *err)
{
    struct rb_acsm_decision d;

    if (desired < RB_INTENSITY_LIGHT || desired > RB_INTENSITY_VIGOROUS) {
        return rb_fail_field(err, RB_EINVAL, "missing_field",
            "acsm.desired_intensity", "must be light, moderate or vigorous");
    }
    /*
     * The six boxes [ACSM-2015].  Signs/symptoms decide regardless of
     * disease status; then known disease; then neither.
     */
    if (!regular_exercise && symptoms) {
        d = (struct rb_acsm_decision){RB_ACSM_RECOMMENDED, RB_INTENSITY_NONE,
            "acsm.not_regular.symptoms",
            "Signs or symptoms of cardiovascular, metabolic or renal "
            "disease: get medical clearance before any exercise; afterwards "
            "start light to moderate and progress as tolerated."};
    } else if (!regular_exercise && known_disease) {
        d = (struct rb_acsm_decision){RB_ACSM_RECOMMENDED, RB_INTENSITY_NONE,
            "acsm.not_regular.disease",
            "Known cardiovascular, metabolic or renal disease: get medical "
            "clearance before starting; afterwards start light to moderate "
            "and progress as tolerated."};
    } else if (!regular_exercise) {
        d = (struct rb_acsm_decision){RB_ACSM_NOT_NEEDED, RB_INTENSITY_MODERATE,
            "acsm.not_regular.healthy",
            "No medical clearance needed: start at light to moderate "
            "intensity and progress gradually toward vigorous, following "
            "ACSM guidelines."};
    } else if (symptoms) {
        d = (struct rb_acsm_decision){RB_ACSM_STOP_AND_REFER, RB_INTENSITY_NONE,
            "acsm.regular.symptoms",
            "Signs or symptoms of cardiovascular, metabolic or renal "
            "disease: stop exercising and get medical clearance before "
            "continuing; afterwards progress as tolerated."};
    } else if (known_disease && desired == RB_INTENSITY_VIGOROUS) {
        d = (struct rb_acsm_decision){RB_ACSM_RECOMMENDED,
            RB_INTENSITY_MODERATE, "acsm.regular.disease.vigorous",
            "Known cardiovascular, metabolic or renal disease: continue at "
            "moderate intensity; get medical clearance before vigorous "
            "exercise."};
    } else if (known_disease) {
        d = (struct rb_acsm_decision){RB_ACSM_NOT_NEEDED, RB_INTENSITY_MODERATE,
            "acsm.regular.disease",
            "Known cardiovascular, metabolic or renal disease: no clearance "
            "needed for moderate exercise; get medical clearance before "
            "vigorous exercise."};
    } else {
        d = (struct rb_acsm_decision){RB_ACSM_NOT_NEEDED, RB_INTENSITY_VIGOROUS,
            "acsm.regular.healthy",
            "No medical clearance needed: continue moderate or vigorous "
            "exercise and progress gradually."};
    }
    *ret = d;
    return RB_OK;
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

static bool
answered(enum rb_answer a)
{
    return a == RB_ANSWER_NO || a == RB_ANSWER_YES;
}

static enum rb_status
need_answer(
    enum rb_answer a, const char *field, const char *why, struct rb_err *err)
{
    if (a == RB_ANSWER_UNANSWERED) {
        return rb_fail_field(
            err, RB_EINVAL, "missing_field", field, "is required%s", why);
    }
    if (!answered(a)) {
        return rb_fail_field(
            err, RB_EINVAL, "out_of_range", field, "must be yes or no");
    }
    return RB_OK;
}

static bool
any_general_yes(const struct rb_parq_input *p)
{
    for (size_t i = 0; i < RB_PARQ_NGENERAL; i++) {
        if (p->general[i] == RB_ANSWER_YES) {
            return true;
        }
    }
    return false;
}

static enum rb_status
check_parq(const struct rb_screen_input *in, struct rb_err *err)
{
    const struct rb_parq_input *p = &in->parq;
    char field[64];
    enum rb_status rc;
    bool any_yes;

    for (size_t i = 0; i < RB_PARQ_NGENERAL; i++) {
        snprintf(field, sizeof(field), "parq.%s", rb_parq_general[i].id);
        if ((rc = need_answer(p->general[i], field, "", err)) != RB_OK) {
            return rc;
        }
    }
    any_yes = any_general_yes(p);
    for (size_t c = 0; c < RB__PARQ_CATEGORY_MAX; c++) {
        const struct rb_parq_category_def *def = &rb_parq_categories[c];
        const struct rb_parq_followup *f = &p->followup[c];

        snprintf(
            field, sizeof(field), "parq.followups.%s.has_condition", def->id);
        if (!any_yes) {
            if (f->gate != RB_ANSWER_UNANSWERED) {
                return rb_fail_field(err, RB_EINVAL, "inconsistent", field,
                    "is answered although every page-1 answer is no "
                    "(follow-ups are asked only after a yes)");
            }
        } else if ((rc = need_answer(f->gate, field,
                        " because a page-1 answer is yes", err)) != RB_OK) {
            return rc;
        }
        for (size_t s = 0; s < RB_PARQ_MAX_SUB; s++) {
            if (s >= def->nsub) {
                if (f->sub[s] != RB_ANSWER_UNANSWERED) {
                    snprintf(
                        field, sizeof(field), "parq.followups.%s", def->id);
                    return rb_fail_field(err, RB_EINVAL, "out_of_range", field,
                        "has no sub-question %zu", s + 1);
                }
                continue;
            }
            snprintf(field, sizeof(field), "parq.followups.%s.%s", def->id,
                def->sub[s].id);
            if (f->gate != RB_ANSWER_YES) {
                if (f->sub[s] != RB_ANSWER_UNANSWERED) {
                    return rb_fail_field(err, RB_EINVAL, "inconsistent", field,
                        any_yes ? "is answered although has_condition is no"
                                : "is answered although every page-1 "
                                  "answer is no (follow-ups are asked only "
                                  "after a yes)");
                }
                continue;
            }
            if ((rc = need_answer(f->sub[s], field,
                     " because has_condition is yes", err)) != RB_OK) {
                return rc;
            }
        }
    }
    if (!any_yes &&
        in->age > (int)rb_screen_thresholds[RB_TH_PARQ_AGE_VIGOROUS].value) {
        if ((rc = need_answer(p->used_to_vigorous, "parq.used_to_vigorous",
                 " when every page-1 answer is no and age is over 45", err)) !=
            RB_OK) {
            return rc;
        }
    } else if (p->used_to_vigorous != RB_ANSWER_UNANSWERED &&
               !answered(p->used_to_vigorous)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range",
            "parq.used_to_vigorous", "must be yes or no");
    }
    return RB_OK;
}

/* Index of 'id' in 'terms', or -1. */
static int
term_index(const struct rb_screen_term *terms, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(terms[i].id, id) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* Every id known and listed once.  'known' returns false for unknown ids. */
static enum rb_status
check_list(const char *const *ids, size_t n, const char *name,
    bool (*known)(const char *id), const char *what, struct rb_err *err)
{
    char field[64];

    if (n > RB_SCREEN_MAX_LIST) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", name,
            "has more than %d entries", RB_SCREEN_MAX_LIST);
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(field, sizeof(field), "%s[%zu]", name, i);
        if (ids[i] == NULL) {
            return rb_fail_field(
                err, RB_EINVAL, "missing_field", field, "is required");
        }
        if (!known(ids[i])) {
            return rb_fail_field(err, RB_EINVAL, "unknown_value", field,
                "'%.60s' is not a known %s", ids[i], what);
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(ids[j], ids[i]) == 0) {
                return rb_fail_field(err, RB_EINVAL, "duplicate_value", field,
                    "'%.60s' is listed twice", ids[i]);
            }
        }
    }
    return RB_OK;
}

static bool
is_disease(const char *id)
{
    return term_index(rb_acsm_diseases, rb_acsm_disease_count, id) >= 0;
}

static bool
is_symptom(const char *id)
{
    return term_index(rb_acsm_symptoms, rb_acsm_symptom_count, id) >= 0;
}

static bool
is_flag(const char *id)
{
    return rb_red_flag_find(id) != NULL;
}

static bool
listed(const char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ids[i], id) == 0) {
            return true;
        }
    }
    return false;
}

static enum rb_status
check_acsm(const struct rb_acsm_input *a, struct rb_err *err)
{
    enum rb_status rc;

    if ((rc = need_answer(
             a->regular_exercise, "acsm.regular_exercise", "", err)) != RB_OK) {
        return rc;
    }
    if ((rc = check_list(a->known_disease, a->n_known_disease,
             "acsm.known_disease", is_disease, "disease class", err)) !=
        RB_OK) {
        return rc;
    }
    if ((rc = check_list(a->symptoms, a->n_symptoms, "acsm.symptoms",
             is_symptom, "sign or symptom", err)) != RB_OK) {
        return rc;
    }
    if (a->desired < RB_INTENSITY_LIGHT || a->desired > RB_INTENSITY_VIGOROUS) {
        return rb_fail_field(err, RB_EINVAL, "missing_field",
            "acsm.desired_intensity",
            "is required: light, moderate or vigorous");
    }
    return RB_OK;
}

static enum rb_status
check_flags(const struct rb_screen_input *in, struct rb_err *err)
{
    char field[64];
    enum rb_status rc;

    if ((rc = check_list(in->red_flags, in->n_red_flags, "red_flags", is_flag,
             "red flag", err)) != RB_OK) {
        return rc;
    }
    for (size_t i = 0; i < in->n_red_flags; i++) {
        if (rb_red_flag_find(in->red_flags[i])->derived) {
            snprintf(field, sizeof(field), "red_flags[%zu]", i);
            return rb_fail_field(err, RB_EINVAL, "inconsistent", field,
                "'%s' is worked out from age; do not list it",
                in->red_flags[i]);
        }
    }
    return RB_OK;
}

/*
 * Answers that two instruments give about the same fact must agree, or
 * the combined outcome could be silently too lenient.
 */
static enum rb_status
check_cross(const struct rb_screen_input *in, struct rb_err *err)
{
    const struct rb_acsm_input *a = &in->acsm;
    enum rb_answer concussion =
        in->parq.followup[RB_PARQ_OTHER].sub[CONCUSSION_SUB];

    /* G2 asks about chest pain, an ACSM sign [ACSM-defs]. */
    if (in->parq.general[1] == RB_ANSWER_YES &&
        !listed(a->symptoms, a->n_symptoms, "ischaemic_pain")) {
        return rb_fail_field(err, RB_EINVAL, "inconsistent", "acsm.symptoms",
            "must list ischaemic_pain because parq.g2 (chest pain) is yes; "
            "a trainer cannot rule out a cardiac cause");
    }
    /* G3 asks about dizziness or loss of consciousness, an ACSM sign. */
    if (in->parq.general[2] == RB_ANSWER_YES &&
        !listed(a->symptoms, a->n_symptoms, "dizziness_syncope")) {
        return rb_fail_field(err, RB_EINVAL, "inconsistent", "acsm.symptoms",
            "must list dizziness_syncope because parq.g3 (dizziness or "
            "loss of consciousness) is yes");
    }
    /* PAR-Q+ 10a is the recent-concussion red flag. */
    if (concussion == RB_ANSWER_YES &&
        !listed(in->red_flags, in->n_red_flags, CONCUSSION_FLAG)) {
        return rb_fail_field(err, RB_EINVAL, "inconsistent", "red_flags",
            "must list " CONCUSSION_FLAG
            " because parq.followups.other.concussion is yes");
    }
    if (concussion == RB_ANSWER_NO &&
        listed(in->red_flags, in->n_red_flags, CONCUSSION_FLAG)) {
        return rb_fail_field(err, RB_EINVAL, "inconsistent", "red_flags",
            "lists " CONCUSSION_FLAG
            " but parq.followups.other.concussion is no");
    }
    return RB_OK;
}

static enum rb_status
check_input(const struct rb_screen_input *in, struct rb_err *err)
{
    enum rb_status rc;

    if (in->age < 0 || in->age > 120) {
        return rb_fail_field(
            err, RB_EINVAL, "out_of_range", "age", "must be between 0 and 120");
    }
    if ((rc = need_answer(in->pregnant, "pregnant", "", err)) != RB_OK ||
        (rc = need_answer(
             in->temporary_illness, "temporary_illness", "", err)) != RB_OK ||
        (rc = check_parq(in, err)) != RB_OK ||
        (rc = check_acsm(&in->acsm, err)) != RB_OK ||
        (rc = check_flags(in, err)) != RB_OK ||
        (rc = check_cross(in, err)) != RB_OK) {
        return rc;
    }
    return RB_OK;
}

/* ------------------------------------------------------------------ */
/* Decision                                                            */

struct item {
    struct rb_screen_reason reason;
    enum rb_intensity ceiling; /* what this reason allows at most */
    const char *block;         /* or NULL */
    enum rb_urgency urgency;
};

struct acc {
    struct item items[RB_SCREEN_MAX_REASONS];
    size_t n;
    bool overflow;
};

static void
add(struct acc *a, const char *rule, const char *message, const char *source,
    enum rb_screen_outcome outcome, enum rb_intensity ceiling,
    const char *block, enum rb_urgency urgency)
{
    if (a->n == RB_SCREEN_MAX_REASONS) {
        a->overflow = true;
        return;
    }
    a->items[a->n++] = (struct item){
        {rule, message, source, outcome}, ceiling, block, urgency};
}

static void
decide_parq(const struct rb_screen_input *in, struct acc *a)
{
    const struct rb_parq_input *p = &in->parq;
    enum rb_intensity desired = in->acsm.desired;
    bool any_followup_yes = false;

    if (in->pregnant == RB_ANSWER_YES) {
        add(a, "parq.pregnant",
            "Pregnant: talk to a health-care practitioner (or complete the "
            "ePARmed-X+) before becoming more active.",
            "PARQ-flow", RB_SCREEN_CLEARANCE_RECOMMENDED, RB_INTENSITY_NONE,
            "all_training", RB_URGENCY_NONE);
    }
    if (in->temporary_illness == RB_ANSWER_YES) {
        add(a, "parq.temporary_illness",
            "Temporary illness (such as a cold or fever): delay becoming "
            "more active until better, then screen again.",
            "PARQ-flow", RB_SCREEN_CLEARANCE_RECOMMENDED, RB_INTENSITY_NONE,
            "all_training", RB_URGENCY_NONE);
    }
    if (!any_general_yes(p)) {
        add(a, "parq.all_no",
            "All seven PAR-Q+ answers are no: cleared to become more "
            "active; start slowly and build up gradually. Screen again "
            "within 12 months or as soon as health changes.",
            "PARQ-form", RB_SCREEN_CLEARED, RB_INTENSITY_VIGOROUS, NULL,
            RB_URGENCY_NONE);
        if (in->age >
                (int)rb_screen_thresholds[RB_TH_PARQ_AGE_VIGOROUS].value &&
            p->used_to_vigorous == RB_ANSWER_NO) {
            add(a, "parq.age_over_45",
                "Over 45 and not used to regular vigorous exercise: consult "
                "a qualified exercise professional before vigorous or "
                "maximal-effort exercise.",
                "PARQ-form",
                desired == RB_INTENSITY_VIGOROUS
                    ? RB_SCREEN_CLEARANCE_RECOMMENDED
                    : RB_SCREEN_CLEARED,
                RB_INTENSITY_MODERATE, "vigorous_intensity", RB_URGENCY_NONE);
        }
        return;
    }
    /*
     * G7 is a physician's standing instruction.  The PAR-Q+ flow would
     * clear it when every follow-up is no; we never clear someone for
     * unsupervised training against it.
     */
    if (p->general[6] == RB_ANSWER_YES) {
        add(a, rb_parq_general[6].rule,
            "A doctor has said to do only medically supervised activity: "
            "train only with that doctor's clearance or under medical "
            "supervision.",
            "PARQ-form", RB_SCREEN_CLEARANCE_RECOMMENDED, RB_INTENSITY_NONE,
            "all_training", RB_URGENCY_NONE);
    }
    for (size_t c = 0; c < RB__PARQ_CATEGORY_MAX; c++) {
        const struct rb_parq_category_def *def = &rb_parq_categories[c];

        for (size_t s = 0; s < def->nsub; s++) {
            if (p->followup[c].sub[s] != RB_ANSWER_YES) {
                continue;
            }
            any_followup_yes = true;
            add(a, def->sub[s].rule,
                "Seek more information before becoming more active: "
                "complete the ePARmed-X+ or see a qualified exercise "
                "professional; a physician may need to give clearance.",
                def->source, RB_SCREEN_CLEARANCE_RECOMMENDED, RB_INTENSITY_NONE,
                "all_training", RB_URGENCY_NONE);
        }
    }
    if (!any_followup_yes) {
        add(a, "parq.followups_all_no",
            "Every follow-up answer is no: ready to become more active. "
            "Start with 20-60 minutes of low-to-moderate exercise 3-5 days "
            "a week (aerobic and strengthening) and build toward 150 "
            "minutes a week of moderate activity.",
            "PARQ-flow", RB_SCREEN_CLEARED, RB_INTENSITY_MODERATE, NULL,
            RB_URGENCY_NONE);
    }
}

static void
decide_acsm(const struct rb_acsm_input *in, struct acc *a)
{
    struct rb_acsm_decision d;
    static const enum rb_screen_outcome outcome[] = {
        [RB_ACSM_NOT_NEEDED] = RB_SCREEN_CLEARED,
        [RB_ACSM_RECOMMENDED] = RB_SCREEN_CLEARANCE_RECOMMENDED,
        [RB_ACSM_STOP_AND_REFER] = RB_SCREEN_REFER,
    };
    const char *block = NULL;

    /* check_acsm() has vetted 'desired'. */
    if (rb_acsm_decide(in->regular_exercise == RB_ANSWER_YES,
            in->n_known_disease > 0, in->n_symptoms > 0, in->desired, &d,
            NULL) != RB_OK) {
        return;
    }
    if (d.ceiling == RB_INTENSITY_NONE) {
        block = "all_training";
    } else if (d.ceiling < RB_INTENSITY_VIGOROUS &&
               in->regular_exercise == RB_ANSWER_YES) {
        /* Known disease: vigorous waits for clearance.  (The non-exerciser
         * "start moderate" advice is a progression, not a block.) */
        block = "vigorous_intensity";
    }
    add(a, d.rule, d.message, "ACSM-2015", outcome[d.clearance], d.ceiling,
        block,
        d.clearance == RB_ACSM_STOP_AND_REFER ? RB_URGENCY_URGENT
                                              : RB_URGENCY_NONE);
}

static bool
flag_present(const struct rb_screen_input *in, const struct rb_red_flag *f)
{
    if (f->derived) {
        /* The only derived finding: age for the Ottawa knee rule. */
        return in->age >=
               (int)rb_screen_thresholds[RB_TH_OTTAWA_KNEE_AGE].value;
    }
    return listed(in->red_flags, in->n_red_flags, f->id);
}

static void
decide_flags(const struct rb_screen_input *in, struct acc *a)
{
    /* Every flag that refers, in table order.  A finding of a decision
     * rule refers only together with the rule's entry condition. */
    for (size_t i = 0; i < rb_red_flag_count; i++) {
        const struct rb_red_flag *f = &rb_red_flags[i];

        if (f->condition || !flag_present(in, f) ||
            (f->needs != NULL &&
                !listed(in->red_flags, in->n_red_flags, f->needs))) {
            continue;
        }
        add(a, f->rule, f->message, f->source, RB_SCREEN_REFER,
            f->blocks == RB_BLOCK_ALL_TRAINING ? RB_INTENSITY_NONE
                                               : RB_INTENSITY_VIGOROUS,
            f->block, f->urgency);
    }
    /* A decision rule only partly present refers nobody: say so, so that
     * a ticked item never disappears without a word. */
    for (size_t r = 0; r < NELEM(decision_rules); r++) {
        const char *cond = decision_rules[r].condition;
        bool has_cond = listed(in->red_flags, in->n_red_flags, cond);
        bool finding = false, ticked = false;

        for (size_t i = 0; i < rb_red_flag_count; i++) {
            const struct rb_red_flag *f = &rb_red_flags[i];

            if (f->needs != NULL && strcmp(f->needs, cond) == 0 &&
                flag_present(in, f)) {
                finding = true;
                ticked = ticked || !f->derived;
            }
        }
        if ((has_cond && !finding) || (!has_cond && ticked)) {
            add(a, decision_rules[r].rule, decision_rules[r].message,
                decision_rules[r].source, RB_SCREEN_CLEARED,
                RB_INTENSITY_VIGOROUS, NULL, RB_URGENCY_NONE);
        }
    }
}

static enum rb_status
finish(struct acc *a, struct rb_screen_result *r, struct rb_err *err)
{
    if (a->overflow) {
        return rb_fail(err, RB_EINTERNAL,
            "screening produced more than %d reasons", RB_SCREEN_MAX_REASONS);
    }
    /* Stable insertion sort, most severe outcome first. */
    for (size_t i = 1; i < a->n; i++) {
        struct item t = a->items[i];
        size_t j = i;

        while (j > 0 && a->items[j - 1].reason.outcome < t.reason.outcome) {
            a->items[j] = a->items[j - 1];
            j--;
        }
        a->items[j] = t;
    }
    r->outcome = RB_SCREEN_CLEARED;
    r->urgency = RB_URGENCY_NONE;
    r->intensity_ceiling = RB_INTENSITY_VIGOROUS;
    r->n_reasons = 0;
    r->n_blocks = 0;
    for (size_t i = 0; i < a->n; i++) {
        const struct item *it = &a->items[i];
        size_t b = 0;

        r->reasons[r->n_reasons++] = it->reason;
        if (it->reason.outcome > r->outcome) {
            r->outcome = it->reason.outcome;
        }
        if (it->urgency > r->urgency) {
            r->urgency = it->urgency;
        }
        if (it->ceiling < r->intensity_ceiling) {
            r->intensity_ceiling = it->ceiling;
        }
        if (it->block == NULL) {
            continue;
        }
        while (b < r->n_blocks && strcmp(r->blocks[b], it->block) != 0) {
            b++;
        }
        if (b < r->n_blocks) {
            continue;
        }
        if (r->n_blocks == RB_SCREEN_MAX_BLOCKS) {
            return rb_fail(err, RB_EINTERNAL,
                "screening produced more than %d blocks", RB_SCREEN_MAX_BLOCKS);
        }
        r->blocks[r->n_blocks++] = it->block;
    }
    return RB_OK;
}

enum rb_status
rb_screen_eval(const struct rb_screen_input *in, struct rb_screen_result *ret,
    struct rb_err *err)
{
    struct acc a;
    struct rb_screen_result r;
    enum rb_status rc;

    if ((rc = check_input(in, err)) != RB_OK) {
        return rc;
    }
    a.n = 0;
    a.overflow = false;
    decide_parq(in, &a);
    decide_acsm(&in->acsm, &a);
    decide_flags(in, &a);
    if ((rc = finish(&a, &r, err)) != RB_OK) {
        return rc;
    }
    *ret = r;
    return RB_OK;
}
