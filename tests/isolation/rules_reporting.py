from tests.isolation.framework import API_OWNER_ONLY, PAGE_OWNER_ONLY, Rule

RULES = {
    "api_metrics": Rule(API_OWNER_ONLY),
    "owner_home": Rule(PAGE_OWNER_ONLY),
}
