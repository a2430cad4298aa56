"""GB/T 4754-2017 industry classification: sections (门类) and divisions (大类). Pure data, no Django."""

SECTIONS = {
    "A": ("农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery", range(1, 6)),
    "B": ("采矿业", "Mining", range(6, 13)),
    "C": ("制造业", "Manufacturing", range(13, 44)),
    "D": ("电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water", range(44, 47)),
    "E": ("建筑业", "Construction", range(47, 51)),
    "F": ("批发和零售业", "Wholesale and retail trade", range(51, 53)),
    "G": ("交通运输、仓储和邮政业", "Transport, storage and post", range(53, 61)),
    "H": ("住宿和餐饮业", "Accommodation and catering", range(61, 63)),
    "I": ("信息传输、软件和信息技术服务业", "Information transmission, software and IT services", range(63, 66)),
    "J": ("金融业", "Finance", range(66, 70)),
    "K": ("房地产业", "Real estate", range(70, 71)),
    "L": ("租赁和商务服务业", "Leasing and business services", range(71, 73)),
    "M": ("科学研究和技术服务业", "Scientific research and technical services", range(73, 76)),
    "N": ("水利、环境和公共设施管理业", "Water, environment and public facilities", range(76, 80)),
    "O": ("居民服务、修理和其他服务业", "Resident services and repair", range(80, 83)),
    "P": ("教育", "Education", range(83, 84)),
    "Q": ("卫生和社会工作", "Health and social work", range(84, 86)),
    "R": ("文化、体育和娱乐业", "Culture, sports and entertainment", range(86, 91)),
    "S": ("公共管理、社会保障和社会组织", "Public administration and social organisations", range(91, 97)),
    "T": ("国际组织", "International organisations", range(97, 98)),
}


def division_error(section: str, division: str) -> str | None:
    if section not in SECTIONS:
        return f"unknown industry section {section!r} (GB/T 4754: A-T)"
    if not division:
        return None
    if not (len(division) == 2 and division.isdigit()):
        return f"industry division {division!r} must be two digits"
    if int(division) not in SECTIONS[section][2]:
        return f"division {division} does not belong to section {section}"
    return None
