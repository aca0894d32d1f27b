"""The client's intake, one step at a time (phone-first): each step is a small form."""

from django import forms

from coaching.core import intake_vocab as vocab

YES_NO = [("no", "No"), ("yes", "Yes")]
INJURY_ROWS = 3


class GoalsStep(forms.Form):
    title = "Your goals"
    goals = forms.MultipleChoiceField(
        choices=list(vocab.GOALS.items()),
        widget=forms.CheckboxSelectMultiple,
        label="What do you want from training?",
        error_messages={"required": "Pick at least one goal."},
    )
    goal_notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="In your own words",
        help_text="An event, a target, a reason — anything your coach should know.",
    )
    training_age_years = forms.FloatField(
        min_value=vocab.TRAINING_AGE_YEARS[0],
        max_value=vocab.TRAINING_AGE_YEARS[1],
        label="Years of regular strength training",
        help_text="0 if you are new to it; 0.5 for six months.",
    )


class ScheduleStep(forms.Form):
    title = "Schedule and equipment"
    sessions_per_week = forms.IntegerField(
        min_value=vocab.SESSIONS_PER_WEEK[0],
        max_value=vocab.SESSIONS_PER_WEEK[1],
        label="Sessions per week you can reliably do",
    )
    session_minutes = forms.IntegerField(
        min_value=vocab.SESSION_MINUTES[0],
        max_value=vocab.SESSION_MINUTES[1],
        label="Minutes per session",
    )
    equipment = forms.MultipleChoiceField(
        choices=list(vocab.EQUIPMENT.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Equipment you can use",
        help_text="Body weight is always included. Tick a pull-up bar, bench or rack if you "
        "have one: without them the plan leaves out pull-ups, bench presses and barbell squats. "
        "Gym machines or cables mean a gym (bench, rack and pull-up bar assumed).",
    )
    preferences = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Preferences",
        help_text="Exercises you love or hate, training time of day…",
    )
    constraints = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Constraints",
        help_text="For example: can't jump, can't get on the floor, no overhead pressing.",
    )


class InjuriesStep(forms.Form):
    title = "Injuries"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = [("", "—")] + [(a, a.capitalize()) for a in vocab.INJURY_AREAS]
        for row in range(1, INJURY_ROWS + 1):
            self.fields[f"injury_{row}_area"] = forms.ChoiceField(
                choices=areas, required=False, label=f"Injury {row}: where"
            )
            self.fields[f"injury_{row}_current"] = forms.BooleanField(
                required=False, label="It still bothers me"
            )
            self.fields[f"injury_{row}_notes"] = forms.CharField(
                required=False,
                label="What happened, what makes it worse",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [
            (self[f"injury_{r}_area"], self[f"injury_{r}_current"], self[f"injury_{r}_notes"])
            for r in range(1, INJURY_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        for row in range(1, INJURY_ROWS + 1):
            if not cleaned.get(f"injury_{row}_area") and (
                cleaned.get(f"injury_{row}_notes") or cleaned.get(f"injury_{row}_current")
            ):
                self.add_error(f"injury_{row}_area", "Say where the injury is.")
        return cleaned

    def answers(self) -> dict:
        injuries = []
        for row in range(1, INJURY_ROWS + 1):
            area = self.cleaned_data.get(f"injury_{row}_area")
            if area:
                injuries.append(
                    {
                        "area": area,
                        "current": self.cleaned_data[f"injury_{row}_current"],
                        "notes": self.cleaned_data[f"injury_{row}_notes"],
                    }
                )
        return {"injuries": injuries}

    @staticmethod
    def initial_from(injuries: list) -> dict:
        initial = {}
        for row, injury in enumerate(injuries[:INJURY_ROWS], start=1):
            initial[f"injury_{row}_area"] = injury.get("area", "")
            initial[f"injury_{row}_current"] = injury.get("current", False)
            initial[f"injury_{row}_notes"] = injury.get("notes", "")
        return initial


class HealthStep(forms.Form):
    title = "Health screen"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in vocab.HEALTH_SCREEN.items():
            self.fields[key] = forms.ChoiceField(
                choices=YES_NO, widget=forms.RadioSelect, label=question, initial="no"
            )
        self.fields["health_notes"] = forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            label="Details for any “yes”",
            help_text="What, since when, what your doctor said.",
        )
        self.fields["age_years"] = forms.IntegerField(
            required=False,
            min_value=vocab.AGE_YEARS[0],
            max_value=vocab.AGE_YEARS[1],
            label="Your age (optional)",
        )

        # Asked only of those who answer yes to pregnancy or a recent birth.
        self.fields["postpartum_stage"] = forms.ChoiceField(
            choices=list(vocab.POSTPARTUM_STAGES.items()),
            widget=forms.RadioSelect,
            required=False,
            label="If you said yes to pregnancy or a recent birth: which is it?",
        )
        self.fields["months_since_birth"] = forms.IntegerField(
            required=False,
            min_value=vocab.MONTHS_SINCE_BIRTH[0],
            max_value=vocab.MONTHS_SINCE_BIRTH[1],
            label="Months since the birth",
        )
        self.fields["checked_since_birth"] = forms.BooleanField(
            required=False,
            label="A GP, midwife or pelvic-health physio has checked me since the birth",
        )
        self.fields["postpartum_symptoms"] = forms.MultipleChoiceField(
            choices=list(vocab.POSTPARTUM_SYMPTOMS.items()),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label="Since the birth, do you have any of these?",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pregnant_or_postpartum") != "yes" and (
            cleaned.get("postpartum_stage")
            or cleaned.get("months_since_birth") is not None
            or cleaned.get("postpartum_symptoms")
        ):
            self.add_error(
                "pregnant_or_postpartum",
                "Answer yes here to tell us about a pregnancy or birth, or clear the details below.",
            )
        return cleaned

    def answers(self) -> dict:
        data = self.cleaned_data
        postpartum = {}
        if data["pregnant_or_postpartum"] == "yes" and data["postpartum_stage"]:
            postpartum = {
                "stage": data["postpartum_stage"],
                "months_since_birth": data["months_since_birth"]
                if data["postpartum_stage"] == "postpartum"
                else None,
                "checked_since_birth": data["checked_since_birth"],
                "symptoms": list(data["postpartum_symptoms"])
                if data["postpartum_stage"] == "postpartum"
                else [],
            }
        return {
            "health_screen": {key: data[key] == "yes" for key in vocab.HEALTH_SCREEN},
            "health_notes": data["health_notes"],
            "age_years": data["age_years"],
            "postpartum": postpartum,
        }

    def postpartum_fields(self):
        return [
            self["postpartum_stage"],
            self["months_since_birth"],
            self["checked_since_birth"],
            self["postpartum_symptoms"],
        ]

    @staticmethod
    def initial_from(intake) -> dict:
        initial = {
            key: "yes" if intake.health_screen.get(key) else "no" for key in vocab.HEALTH_SCREEN
        }
        initial.update(health_notes=intake.health_notes, age_years=intake.age_years)
        postpartum = intake.postpartum or {}
        initial.update(
            postpartum_stage=postpartum.get("stage", ""),
            months_since_birth=postpartum.get("months_since_birth"),
            checked_since_birth=postpartum.get("checked_since_birth", False),
            postpartum_symptoms=postpartum.get("symptoms", []),
        )
        return initial


class ScreensStep(forms.Form):
    """SCOFF (disordered eating), the LEAF-Q / REDs CAT2 indicators (low energy availability)
    and a weight to make: the questions in our own words (intake_vocab)."""

    title = "Eating, energy and competition"
    intro = (
        "A few short questions that help your coach keep training safe. Answers go only to "
        "your coaching team."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in {**vocab.EATING_SCREEN, **vocab.ENERGY_SCREEN}.items():
            self.fields[key] = forms.ChoiceField(
                choices=YES_NO,
                widget=forms.RadioSelect,
                label=question,
                initial="no",
                required=False,
            )
        self.fields["making_weight"] = forms.ChoiceField(
            choices=YES_NO,
            widget=forms.RadioSelect,
            label=vocab.MAKING_WEIGHT,
            initial="no",
            required=False,
        )

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "eating_screen": {key: data.get(key) == "yes" for key in vocab.EATING_SCREEN},
            "energy_screen": {key: data.get(key) == "yes" for key in vocab.ENERGY_SCREEN},
            "making_weight": data.get("making_weight") == "yes",
        }

    @staticmethod
    def initial_from(intake) -> dict:
        initial = {
            key: "yes" if (intake.eating_screen or {}).get(key) else "no"
            for key in vocab.EATING_SCREEN
        }
        initial.update(
            {
                key: "yes" if (intake.energy_screen or {}).get(key) else "no"
                for key in vocab.ENERGY_SCREEN
            }
        )
        initial["making_weight"] = "yes" if intake.making_weight else "no"
        return initial


class RecoveryStep(forms.Form):
    title = "Sleep and stress"
    stress_level = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        label="Life stress these weeks (1 = calm, 5 = very stressed)",
    )
    sleep_hours = forms.FloatField(
        min_value=vocab.SLEEP_HOURS[0],
        max_value=vocab.SLEEP_HOURS[1],
        label="Hours of sleep on a usual night",
    )


STEPS = [GoalsStep, ScheduleStep, InjuriesStep, HealthStep, ScreensStep, RecoveryStep]


def step_answers(form) -> dict:
    if hasattr(form, "answers"):
        return form.answers()
    return dict(form.cleaned_data)


def step_initial(step_class, intake) -> dict:
    if intake is None:
        return {}
    if step_class is InjuriesStep:
        return InjuriesStep.initial_from(intake.injuries)
    if step_class in (HealthStep, ScreensStep):
        return step_class.initial_from(intake)
    names = list(step_class.base_fields)
    return {
        name: getattr(intake, name) for name in names if getattr(intake, name) not in (None, "")
    }


# Which step asks for each answer (to send the client back to the right one).
FIELD_STEP = {
    "goals": 1,
    "goal_notes": 1,
    "training_age_years": 1,
    "sessions_per_week": 2,
    "session_minutes": 2,
    "equipment": 2,
    "preferences": 2,
    "constraints": 2,
    "injuries": 3,
    "health_screen": 4,
    "health_notes": 4,
    "age_years": 4,
    "postpartum": 4,
    "eating_screen": 5,
    "energy_screen": 5,
    "making_weight": 5,
    "stress_level": 6,
    "sleep_hours": 6,
}
