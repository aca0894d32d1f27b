from tests.isolation.framework import API_CLIENT_ONLY, API_OWNER_ONLY, PAGE_OWNER_ONLY, Rule

RULES = {
    "api_metrics": Rule(API_OWNER_ONLY),
    "api_export": Rule(API_OWNER_ONLY),
    "api_export_deidentified": Rule(API_OWNER_ONLY),
    "api_my_export": Rule(API_CLIENT_ONLY),
    "owner_home": Rule(PAGE_OWNER_ONLY),
}
