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
