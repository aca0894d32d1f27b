"""Where the drafting rules come from, named as a coach would cite them in a rationale (the
rules are ours, written in our words; these are the works they follow). Pure: no Django."""

NSCA_ESSENTIALS = "NSCA's Essentials of Strength Training and Conditioning"
ACSM_PROGRESSION = "the ACSM position stand on progression models in resistance training (2009)"
NSCA_OLDER_ADULTS = (
    "the NSCA position statement on resistance training for older adults (Fragala et al., 2019)"
)
ISRAETEL_LANDMARKS = "Israetel's volume landmarks (MEV, MAV, MRV; Renaissance Periodization)"
HELMS_PYRAMID = "Helms, Morgan and Valdez, The Muscle and Strength Pyramid: Training"
ZOURDOS_RPE = "the reps-in-reserve RPE scale of Zourdos et al. (2016)"
TRAVIS_TAPER = "Travis et al. (2020), a review of tapering and peaking for powerlifting"
RONNESTAD_MUJIKA = (
    "Rønnestad and Mujika (2014), strength training for running and cycling performance"
)
BLAGROVE_RUNNERS = "Blagrove, Howatson and Hayes (2018), strength training for distance runners"
LEWIS_SHOULDER = "Lewis (2016) on rotator-cuff-related shoulder pain"
VAN_MELICK_ACL = "van Melick et al. (2016), the Dutch evidence statement on ACL rehabilitation"
RIO_ISOMETRICS = "Rio et al. (2015) on isometric loading for tendon pain"
SILBERNAGEL_PAIN = "Silbernagel's pain-monitoring model"
MCGILL_BACK = "McGill, Low Back Disorders (the 'big three' trunk exercises)"
ACOG_POSTPARTUM = "ACOG Committee Opinion 804 (2020) on exercise in pregnancy and after birth"
GOOM_RETURN_TO_RUN = "Goom, Donnelly and Brockwell (2019), returning to running after birth"
COOK_EATING_DISORDERS = "Cook et al. (2016), guidelines for exercise in eating-disorder treatment"
IOC_REDS = "the IOC consensus statement on REDs (Mountjoy et al., 2023)"


def after(*sources: str) -> str:
    """ " (after A; B)": the citation a rationale sentence ends with."""
    return f" (after {'; '.join(sources)})"
