/*
 * plan_rules.c -- the program engine's rule tables: what a deficit asks
 * for, what the warm-up takes from the history, the notes each condition
 * carries, effort caps by screening ceiling.  Each row names its rule id
 * and a source key of data/sources.json; numbers marked Rebound-design are
 * our operationalisation and need clinical sign-off (see
 * docs/program-engine.md).
 */
#include <string.h>

#include "engine/plan_int.h"

/* clang-format off */
const struct plan_target_rule plan_target_rules[] = {
    {"ankle_dorsiflexion_wblt", "ankle bend (dorsiflexion)",
     {"mobility", "ankle_foot", NULL, NULL, false}, true, false,
     "target.ankle_mobility", "WBLT"},
    {"thomas_test_positive", "tight hip flexors",
     {"mobility", "hip", "hip_flexors", NULL, false}, true, false,
     "target.hip_flexor_mobility", "Merck-ROM"},
    {"thoracic_rotation_rom", "limited upper-back rotation",
     {"mobility", "thoracic_spine", NULL, NULL, false}, true, false,
     "target.thoracic_mobility", "Merck-ROM"},
    {"hip_flexion_rom", "limited hip bend",
     {"mobility", "hip", NULL, NULL, false}, true, false,
     "target.hip_mobility", "Merck-ROM"},
    {"knee_flexion_rom", "limited knee bend",
     {"mobility", "knee", NULL, NULL, false}, true, false,
     "target.knee_mobility", "UD-ACL"},
    {"shoulder_ir_rom", "limited shoulder inward rotation",
     {"mobility", "shoulder", NULL, NULL, false}, true, false,
     "target.shoulder_mobility", "Merck-ROM"},
    {"shoulder_er_rom", "limited shoulder outward rotation",
     {"mobility", "shoulder", NULL, NULL, false}, true, false,
     "target.shoulder_mobility", "Merck-ROM"},
    {"shoulder_flexion_rom", "limited shoulder elevation",
     {"mobility", "shoulder", NULL, NULL, false}, true, false,
     "target.shoulder_mobility", "Merck-ROM"},
    {"slr_passive", "short hamstring range (straight-leg raise)",
     {NULL, NULL, "hamstrings", "hinge", false}, false, false,
     "target.hamstring_length", "Hamstring"},
    {"sls_eyes_open", "single-leg balance",
     {"balance", NULL, NULL, NULL, true}, false, true,
     "target.balance", "SLS"},
    {"sls_eyes_closed", "single-leg balance with eyes closed",
     {"balance", NULL, NULL, NULL, true}, false, true,
     "target.balance", "SLS"},
    {"ybt_anterior", "forward reach balance (Y-Balance)",
     {"balance", NULL, NULL, NULL, true}, false, true,
     "target.dynamic_balance", "YBT"},
    {"ybt_composite", "reach balance (Y-Balance)",
     {"balance", NULL, NULL, NULL, true}, false, true,
     "target.dynamic_balance", "YBT"},
    {"single_hop", "single-leg hop distance",
     {"power", NULL, NULL, "jump_land", true}, false, true,
     "target.hop", "Hop"},
    {"triple_hop", "triple hop distance",
     {"power", NULL, NULL, "jump_land", true}, false, true,
     "target.hop", "Hop"},
    {"crossover_hop", "crossover hop distance",
     {"power", NULL, NULL, "jump_land", true}, false, true,
     "target.hop", "Hop"},
    {"timed_hop_6m", "6 m timed hop",
     {"power", NULL, NULL, "jump_land", true}, false, true,
     "target.hop", "Hop"},
    {"plank_s", "trunk endurance (plank)",
     {NULL, NULL, NULL, "anti_extension", false}, false, false,
     "target.anti_extension", "Rebound-design"},
    {"quad_strength", "quadriceps strength",
     {NULL, NULL, "quadriceps", NULL, false}, false, false,
     "target.quadriceps", "UD-ACL"},
    {"hamstring_strength", "hamstring strength",
     {NULL, NULL, "hamstrings", NULL, false}, false, false,
     "target.hamstrings", "Hamstring"},
    {"hip_abduction_strength", "hip abductor strength",
     {NULL, NULL, "gluteus_medius", NULL, false}, false, false,
     "target.hip_abductors", "Rebound-design"},
    {"side_lying_hip_abduction", "hip abductor endurance",
     {NULL, NULL, "gluteus_medius", NULL, false}, false, false,
     "target.hip_abductors", "Postnatal"},
    {"shoulder_er_strength", "shoulder outward-rotation strength",
     {NULL, "shoulder", "rotator_cuff", NULL, false}, false, false,
     "target.rotator_cuff", "RC"},
    {"shoulder_ir_strength", "shoulder inward-rotation strength",
     {NULL, "shoulder", "rotator_cuff", NULL, false}, false, false,
     "target.rotator_cuff", "RC"},
    {"single_leg_calf_raise", "calf endurance (single-leg calf raise)",
     {NULL, "ankle_foot", "gastrocnemius", NULL, false}, false, false,
     "target.calf", "Postnatal"},
    {"single_leg_bridge", "glute endurance (single-leg bridge)",
     {NULL, NULL, "gluteus_maximus", "hinge", false}, false, false,
     "target.glutes", "Postnatal"},
    {"single_leg_sit_to_stand", "single-leg sit-to-stand",
     {NULL, NULL, "quadriceps", NULL, true}, false, false,
     "target.quadriceps", "Postnatal"},
    {"single_leg_squat", "single-leg squat control",
     {NULL, NULL, "quadriceps", NULL, true}, false, false,
     "target.quadriceps", "Postnatal"},
    {"chair_stand_30s", "leg strength (30-second chair stand)",
     {NULL, NULL, NULL, "squat", false}, false, false,
     "target.leg_strength", "Chair"},
    {"grip_strength", "grip strength",
     {NULL, "wrist_hand", "forearm", NULL, false}, false, false,
     "target.grip", "Grip"},
};
const size_t plan_ntarget_rules =
    sizeof(plan_target_rules) / sizeof(plan_target_rules[0]);

/* Work each condition's protocol always includes ('measure' is the
 * condition). */
const struct plan_target_rule plan_condition_targets[] = {
    {"chronic_ankle_instability", "calf and ankle strength",
     {"strength", "ankle_foot", "gastrocnemius", "isolation", false}, false,
     false, "condition.ankle_strength", "PAASS"},
    {"lateral_ankle_sprain", "calf and ankle strength",
     {"strength", "ankle_foot", "gastrocnemius", "isolation", false}, false,
     false, "condition.ankle_strength", "PAASS"},
    {"achilles_tendinopathy", "heavy, slow calf loading",
     {"strength", "ankle_foot", "soleus", NULL, false}, false, false,
     "condition.heavy_slow_calf", "Achilles"},
    {"hamstring_strain", "hamstring loading in long positions",
     {NULL, NULL, "hamstrings", NULL, false}, false, false,
     "condition.hamstring_lengthening", "Hamstring"},
    {"rotator_cuff_shoulder_pain", "rotator cuff strength",
     {NULL, "shoulder", "rotator_cuff", NULL, false}, false, false,
     "condition.rotator_cuff", "RC"},
    {"rotator_cuff_shoulder_pain", "shoulder-blade strength",
     {NULL, "shoulder", "rhomboids", NULL, false}, false, false,
     "condition.scapular", "RC"},
    {"postpartum", "pelvic floor and deep core",
     {NULL, "pelvic_floor", NULL, NULL, false}, false, false,
     "condition.pelvic_floor", "Postnatal"},
    {"low_back_pain", "the hip hinge, built up step by step",
     {NULL, NULL, NULL, "hinge", false}, false, false,
     "condition.graded_hinge", "LBP"},
    {"acl_reconstruction", "quadriceps strength",
     {NULL, "knee", "quadriceps", NULL, false}, false, false,
     "condition.quadriceps", "UD-ACL"},
    {"patellofemoral_pain", "hip strength that steadies the knee",
     {NULL, "hip", "gluteus_medius", NULL, false}, false, false,
     "condition.hip_strength", "PFP"},
};
const size_t plan_ncondition_targets =
    sizeof(plan_condition_targets) / sizeof(plan_condition_targets[0]);

const struct plan_warm_rule plan_warm_rules[] = {
    {"warmup.history.ankle", TRIG_INJURY_REGION, "ankle_foot", 0,
     {{"mobility", "ankle_foot", NULL, NULL, false},
      {"balance", NULL, NULL, NULL, true}},
     "With a history of %s, ankle range and single-leg balance are rehearsed in every "
     "warm-up, because lost ankle motion and balance are what a sprain "
     "leaves behind", "RAMP", "PAASS"},
    {"warmup.history.knee", TRIG_INJURY_REGION, "knee", 0,
     {{"activation", "knee", "quadriceps", NULL, false},
      {"activation", "hip", "gluteus_medius", NULL, false}},
     "With a history of %s, the quadriceps and hip muscles that steady the knee are "
     "switched on before loading", "RAMP", "UD-ACL"},
    {"warmup.history.hamstring", TRIG_INJURY_REGION, "hip", 0,
     {{"activation", "hip", "gluteus_maximus", NULL, false},
      {"mobility", "hip", NULL, NULL, false}},
     "With a history of %s, hips and hamstrings are warmed through their range before "
     "fast or heavy work", "RAMP", "Hamstring"},
    {"warmup.history.back", TRIG_INJURY_REGION, "lumbar_spine", 0,
     {{"mobility", "lumbar_spine", NULL, NULL, false},
      {"activation", "trunk", NULL, NULL, false}},
     "With a history of %s, gentle spine movement and trunk activation come first",
     "RAMP", "LBP"},
    {"warmup.history.shoulder", TRIG_INJURY_REGION, "shoulder", 0,
     {{"activation", "shoulder", "rotator_cuff", NULL, false},
      {"mobility", "thoracic_spine", NULL, NULL, false}},
     "With a history of %s, the rotator cuff is switched on and the upper back "
     "mobilised before arm work", "RAMP", "RC"},
    {"warmup.sitting", TRIG_SITTING, NULL, 6,
     {{"mobility", "hip", "hip_flexors", NULL, false},
      {"mobility", "thoracic_spine", NULL, NULL, false}},
     "You sit about %s a day: hip-flexor and upper-back mobility open up "
     "what long sitting stiffens", "RAMP", "WHO2020"},
};
const size_t plan_nwarm_rules =
    sizeof(plan_warm_rules) / sizeof(plan_warm_rules[0]);

const char *const plan_raise_ids[] = {"stationary-bike-steady", "brisk-walk",
    "marching-in-place", "recovery-cycling", "recovery-walk",
    "seated-march-intervals", NULL};

const struct plan_condition_note plan_condition_notes[] = {
    {"low_back_pain", "education.lbp",
     "Moving is safe and helps a sore back recover; we build up bending, "
     "lifting and carrying step by step (graded exposure), and some "
     "discomfort while doing so is not a sign of harm.", "LBP"},
    {"low_back_pain", "education.fear_avoidance",
     "Worry about movement is common with back pain and is part of what "
     "we train: each week takes a little more of the movements you have "
     "been avoiding.", "TSK", "tsk11"},
    {"achilles_tendinopathy", "pain.next_morning",
     "Running and loading may continue if pain stays at or below 5/10 "
     "during the activity. Check the tendon the next morning: if pain or "
     "stiffness is worse than the morning before, drop back one step of "
     "load; if it is the same or better, keep going or progress.",
     "Achilles"},
    {"hamstring_strain", "hamstring.lengthening",
     "Hamstring work follows the lengthening approach (Askling "
     "L-protocol): exercises that load the hamstring in long positions, "
     "which returned athletes sooner than conventional exercises.",
     "Hamstring"},
    {"acl_reconstruction", "acl.soreness_effusion",
     "Progress by the soreness and swelling rules: no soreness lasting "
     "over an hour or into the next day, and swelling at most trace "
     "before each step up.", "UD-ACL"},
    {"postpartum", "postpartum.no_impact",
     "No running or hopping until the load and strength tests are met "
     "without pain, heaviness, dragging or leakage; pelvic-floor and deep "
     "core work come first.", "Postnatal"},
    {"rotator_cuff_shoulder_pain", "shoulder.pain_monitor",
     "Shoulder pain during exercise may reach 5/10 if it settles within "
     "24 hours; if it does not, reduce the load next session.", "RC"},
    {"lateral_ankle_sprain", "ankle.paass",
     "Return is judged on pain, ankle range and strength, balance, "
     "confidence and sport tasks, not on time alone.", "PAASS"},
    {"chronic_ankle_instability", "ankle.paass",
     "Return is judged on pain, ankle range and strength, balance, "
     "confidence and sport tasks, not on time alone.", "PAASS"},
    {"patellofemoral_pain", "pfp.load",
     "Knee load is built up gradually with pain monitoring; exercise is "
     "the core treatment for kneecap pain.", "PFP"},
};
const size_t plan_ncondition_notes =
    sizeof(plan_condition_notes) / sizeof(plan_condition_notes[0]);

/* Pulls before pushes, so a week never pushes more than it pulls. */
const char *const plan_balance_patterns[] = {"squat", "hinge",
    "horizontal_pull", "lunge", "horizontal_push", "anti_extension",
    "vertical_pull", "carry", "anti_rotation", "vertical_push", NULL};

static const struct plan_ceiling_rule ceilings[] = {
    {RB_INTENSITY_NONE, 8, 2, 80, "dose.rehab_effort_cap", "Rebound-design"},
    {RB_INTENSITY_LIGHT, 5, 5, 50, "dose.ceiling_light", "ACSM-defs"},
    {RB_INTENSITY_MODERATE, 7, 3, 70, "dose.ceiling_moderate", "ACSM-defs"},
    {RB_INTENSITY_VIGOROUS, 10, 0, 100, "dose.ceiling_vigorous", "ACSM-defs"},
};

const int plan_rir_by_experience[3] = {3, 2, 1};
const int plan_level_by_experience[3] = {3, 4, 5};
/* clang-format on */

const struct plan_target_rule *
plan_target_rule_find(const char *measure)
{
    for (size_t i = 0; i < plan_ntarget_rules; i++) {
        if (strcmp(plan_target_rules[i].measure, measure) == 0) {
            return &plan_target_rules[i];
        }
    }
    return NULL;
}

const struct plan_ceiling_rule *
plan_ceiling_rule(enum rb_intensity c)
{
    for (size_t i = 0; i < sizeof(ceilings) / sizeof(ceilings[0]); i++) {
        if (ceilings[i].ceiling == c) {
            return &ceilings[i];
        }
    }
    return NULL;
}

int
plan_reps_at_pct(double pct)
{
    /* NSCA-table (secondary): approximate %1RM by repetitions. */
    static const struct {
        double pct;
        int reps;
    } t[] = {{100, 1}, {95, 2}, {93, 3}, {90, 4}, {87, 5}, {85, 6}, {80, 8},
        {75, 10}, {70, 12}, {65, 15}};
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        if (pct >= t[i].pct) {
            return t[i].reps;
        }
    }
    return 20;
}
