"""The intake's vocabulary and limits, shared by the API, the form and segmentation. Pure."""

GOALS = {
    "strength": "Get stronger",
    "muscle": "Build muscle",
    "fat_loss": "Lose fat",
    "endurance": "Endurance",
    "general_fitness": "General fitness",
    "sport_performance": "Sport performance",
    "rehab_return": "Return from injury",
}

# The exercise library's equipment values (free-exercise-db), and what people have at home.
EQUIPMENT = {
    "barbell": "Barbell",
    "dumbbell": "Dumbbells",
    "body only": "Body weight only",
    "cable": "Cable machine",
    "machine": "Machines",
    "kettlebells": "Kettlebells",
    "bands": "Resistance bands",
    "medicine ball": "Medicine ball",
    "exercise ball": "Exercise ball",
    "foam roll": "Foam roller",
    "e-z curl bar": "E-Z curl bar",
    # What people have at home: a bar to hang from, a bench, a rack, cardio machines.
    "pull-up bar": "Pull-up bar",
    "bench": "Weight bench",
    "rack": "Squat rack or power rack",
    "bike": "Bike (stationary or outdoor)",
    "rower": "Rowing machine",
    "treadmill": "Treadmill",
    "other": "Other",
}

JOINTS = ("shoulder", "knee", "lower back", "hip", "elbow", "wrist", "ankle", "neck")
# The library's muscle names, for injuries described by muscle (a torn hamstring, say).
MUSCLES = (
    "abdominals",
    "abductors",
    "adductors",
    "biceps",
    "calves",
    "chest",
    "forearms",
    "glutes",
    "hamstrings",
    "lats",
    "lower back",
    "middle back",
    "neck",
    "quadriceps",
    "shoulders",
    "traps",
    "triceps",
)
INJURY_AREAS = tuple(dict.fromkeys((*JOINTS, *MUSCLES, "upper back", "foot", "other")))

# The seven PAR-Q+ general questions, plus two Spotter adds.
HEALTH_SCREEN = {
    "heart_condition": "Has a doctor ever said you have a heart condition or high blood pressure?",
    "chest_pain": "Do you feel pain in your chest at rest, in daily activities, or when you exercise?",
    "dizziness_or_fainting": "Do you lose balance because of dizziness, or have you lost consciousness in the last 12 months?",
    "chronic_condition": "Have you been diagnosed with another chronic medical condition (other than heart disease or high blood pressure)?",
    "medications": "Are you currently taking prescribed medications for a chronic medical condition?",
    "bone_joint_problem": "Do you have a bone, joint or soft tissue problem that could be made worse by becoming more physically active?",
    "medically_supervised": "Has your doctor ever said that you should only do medically supervised physical activity?",
    "pregnant_or_postpartum": "Are you pregnant, or have you given birth in the last 12 months?",
    "eating_disorder_history": "Have you ever been treated for, or struggled with, disordered eating?",
}

SESSIONS_PER_WEEK = (1, 7)
SESSION_MINUTES = (10, 240)
TRAINING_AGE_YEARS = (0, 80)
STRESS_LEVEL = (1, 5)
SLEEP_HOURS = (0, 16)
AGE_YEARS = (13, 110)
MAX_INJURIES = 10

# SCOFF (Morgan, Reid and Lacey, BMJ 1999), its five questions in our own words; two or more
# "yes" answers make the screen positive (coaching.core.segmentation.SCOFF_POSITIVE_FROM).
EATING_SCREEN = {
    "makes_self_sick": "Do you ever make yourself throw up because you feel uncomfortably full?",
    "lost_control_eating": "Do you worry that you cannot stop or control how much you eat?",
    "lost_weight_fast": "Have you lost more than 6 kg in the last three months without meaning to, or by restricting?",
    "feels_fat_when_thin": "Do you see yourself as fat when other people tell you that you are too thin?",
    "food_dominates_life": "Do food and thoughts about food take over your life?",
}
# Indicators of low energy availability from the LEAF-Q (Melin et al., 2014) and the IOC REDs
# CAT2 (Stellingwerff et al., 2023), in our own words.
ENERGY_SCREEN = {
    "missed_periods": "If you have periods: have you missed three or more in a row in the last year (not because of pregnancy or contraception)?",
    "bone_stress_injury": "Have you had a stress fracture or bone stress injury in the last two years?",
}
# After a "yes" to pregnancy or a recent birth.
POSTPARTUM_STAGES = {
    "pregnant": "I am pregnant",
    "postpartum": "I gave birth in the last 12 months",
}
POSTPARTUM_SYMPTOMS = {
    "leaking": "Leaking urine or wind (for example when coughing, running or jumping)",
    "heaviness": "Heaviness or dragging in the pelvis",
    "pelvic_pain": "Pelvic, scar or back pain",
    "abdominal_separation": "A gap or doming down the middle of the tummy",
}
MONTHS_SINCE_BIRTH = (0, 12)
MAKING_WEIGHT = "Do you need to make a weight (a weigh-in or weight class) for a competition?"
