"""Build data/skills.jsonl, the WorkBridge skills taxonomy, from the hand-written lists in data/skills_src/.

Run:  .venv/bin/python workbridge/labour_market/data/build_skills.py

Every entry is written for this project (source "written for WorkBridge"). The lists in skills_src/*.txt
are hand-written; the families below are generated from short hand-written lists (each combination is a
real, separately certified or separately advertised skill). The output is sorted and deterministic so a
diff shows exactly what changed. See docs/skills-taxonomy.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "skills_src"
OUT = HERE / "skills.jsonl"
SOURCE = "written for WorkBridge (hand-written list, skills_src/)"
SOURCE_FAMILY = "written for WorkBridge (generated family, build_skills.py)"

TYPES = {"knowledge", "skill", "tool", "language", "transversal"}
DOMAINS = {
    "it": ("信息技术与软件", "IT and software"),
    "manufacturing_automation": ("制造与自动化", "Manufacturing and automation"),
    "electrical_electronic": ("电气与电子", "Electrical and electronic"),
    "automotive": ("汽车", "Automotive"),
    "construction": ("建筑工程", "Construction"),
    "ecommerce_logistics": ("电子商务与物流", "E-commerce and logistics"),
    "finance_accounting": ("财经商贸", "Finance and accounting"),
    "health_nursing": ("医药卫生与护理", "Health and nursing"),
    "tourism_hospitality": ("旅游与酒店", "Tourism and hospitality"),
    "agriculture": ("农林牧渔", "Agriculture"),
    "design_media": ("设计与传媒", "Design and media"),
    "transversal": ("通用能力与语言", "Transversal skills and languages"),
}

# --- generated families (each item is a real certificate or skill) ------------------------------------
HUAWEI_TRACKS = [
    ("Datacom", "数通"),
    ("Security", "安全"),
    ("WLAN", "无线局域网"),
    ("Storage", "存储"),
    ("Cloud Computing", "云计算"),
    ("Cloud Service", "云服务"),
    ("AI", "人工智能"),
    ("Big Data", "大数据"),
    ("openEuler", "openEuler"),
    ("Transmission", "传送网"),
    ("Data Center Network", "数据中心网络"),
]
HUAWEI_LEVELS = [("HCIA", "工程师级"), ("HCIP", "高级工程师级"), ("HCIE", "专家级")]

# National vocational skill level certificates (国家职业技能等级证书); levels 五级..一级 are aliases.
VOCATIONAL_QUALIFICATIONS = [
    ("电工", "Electrician", "manufacturing_automation"),
    ("焊工", "Welder", "manufacturing_automation"),
    ("钳工", "Fitter", "manufacturing_automation"),
    ("车工", "Turner", "manufacturing_automation"),
    ("铣工", "Miller", "manufacturing_automation"),
    ("磨工", "Grinder", "manufacturing_automation"),
    ("数控车工", "CNC turner", "manufacturing_automation"),
    ("数控铣工", "CNC miller", "manufacturing_automation"),
    ("加工中心操作工", "Machining centre operator", "manufacturing_automation"),
    ("仪器仪表维修工", "Instrument repairer", "manufacturing_automation"),
    ("工业机器人系统操作员", "Industrial robot system operator", "manufacturing_automation"),
    ("工业机器人系统运维员", "Industrial robot system maintainer", "manufacturing_automation"),
    ("电切削工", "EDM operator", "manufacturing_automation"),
    ("模具工", "Die maker", "manufacturing_automation"),
    ("化学检验员", "Chemical inspector", "manufacturing_automation"),
    ("质检员", "Quality inspector", "manufacturing_automation"),
    ("电子设备装接工", "Electronic equipment assembler", "electrical_electronic"),
    ("无线电调试工", "Radio equipment tester", "electrical_electronic"),
    ("汽车维修工", "Motor vehicle mechanic", "automotive"),
    ("汽车装调工", "Vehicle assembly and adjustment worker", "automotive"),
    ("砌筑工", "Bricklayer", "construction"),
    ("钢筋工", "Steel fixer", "construction"),
    ("混凝土工", "Concrete worker", "construction"),
    ("架子工", "Scaffolder", "construction"),
    ("防水工", "Waterproofing worker", "construction"),
    ("装饰装修工", "Decoration worker", "construction"),
    ("电子商务师", "E-commerce specialist", "ecommerce_logistics"),
    ("物流服务师", "Logistics service specialist", "ecommerce_logistics"),
    ("供应链管理师", "Supply chain manager", "ecommerce_logistics"),
    ("互联网营销师", "Internet marketing specialist", "ecommerce_logistics"),
    ("计算机程序设计员", "Computer programmer", "it"),
    ("计算机软件测试员", "Software tester", "it"),
    ("网络与信息安全管理员", "Network and information security administrator", "it"),
    ("人工智能训练师", "AI trainer", "it"),
    ("数据库运行管理员", "Database administrator", "it"),
    ("中式烹调师", "Chinese cook", "tourism_hospitality"),
    ("中式面点师", "Chinese pastry cook", "tourism_hospitality"),
    ("西式烹调师", "Western cook", "tourism_hospitality"),
    ("西式面点师", "Western pastry cook", "tourism_hospitality"),
    ("茶艺师", "Tea master", "tourism_hospitality"),
    ("美容师", "Beautician", "tourism_hospitality"),
    ("美发师", "Hairdresser", "tourism_hospitality"),
    ("农作物植保员", "Crop protection worker", "agriculture"),
    ("农业技术员", "Agricultural technician", "agriculture"),
    ("家畜饲养员", "Livestock keeper", "agriculture"),
    ("动物疫病防治员", "Animal disease control worker", "agriculture"),
    ("企业人力资源管理师", "Enterprise HR manager", "finance_accounting"),
    ("保健按摩师", "Health massage therapist", "health_nursing"),
    ("公共营养师", "Public nutritionist", "health_nursing"),
    ("眼镜验光员", "Optician (refraction)", "health_nursing"),
]
VQ_LEVELS = ["五级", "四级", "三级", "二级", "一级", "初级工", "中级工", "高级工", "技师", "高级技师"]

LANGUAGE_SKILLS = [
    ("英语", "English"),
    ("日语", "Japanese"),
    ("韩语", "Korean"),
    ("德语", "German"),
    ("法语", "French"),
    ("西班牙语", "Spanish"),
    ("俄语", "Russian"),
    ("阿拉伯语", "Arabic"),
    ("葡萄牙语", "Portuguese"),
    ("泰语", "Thai"),
    ("越南语", "Vietnamese"),
    ("意大利语", "Italian"),
]


# Per-entry type corrections: the lists are written by section, and a section mixes kinds (a CAD package is a
# tool, machine design a skill, materials science knowledge). Names are name_zh values; a typo fails the build.
TYPE_OVERRIDES = """
language: 英文读写
tool: OpenCV; Halcon; VisionPro; Open3D; Kaldi; XGBoost; LightGBM; CatBoost; SPSS; SAS; Stata; EViews; Google Analytics;
 Alteryx; KNIME; RapidMiner; Minitab; Origin; AutoCAD; 中望CAD; CAXA; SolidWorks; UG/NX; CATIA; Creo; Inventor;
 Solid Edge; Fusion 360; Rhino; Mastercam; PowerMill; Cimatron; hyperMILL; EdgeCAM; ANSYS; ABAQUS; HyperMesh;
 Nastran; LS-DYNA; COMSOL; ADAMS; Fluent; Moldflow; AutoForm; Simulink; ANSA; Altium Designer; Cadence; PADS; Mentor;
 KiCad; 嘉立创EDA; Multisim; Proteus; PSpice; HFSS; ADS; CST; SIwave; EPLAN; ETAP; 电气CAD; ELCAD; ERP系统; Excel;
 Word; PowerPoint; Office办公软件; Visio; Project; SAP FICO; 财务软件; 用友; 金蝶; SAP; SAP MM; SAP SD; SAP PP;
 Oracle EBS; WMS; TMS; 电商ERP; 生意参谋; Opera PMS; 西软系统; 石基系统; CANoe; CANalyzer; CANape; INCA; Vector工具链;
 汽车诊断仪; 广联达; 鲁班软件; 斯维尔; 品茗; PKPM; YJK; Midas; SAP2000; Tekla; 天正建筑; Revit; Navisworks; Lumion;
 Enscape; SketchUp; Civil 3D; 南方CASS; 全站仪; 水准仪; 经纬仪; GPS-RTK; Photoshop; Illustrator; InDesign; CorelDRAW;
 Premiere; After Effects; Audition; Lightroom; Adobe XD; Final Cut Pro; DaVinci Resolve; 剪映; Cinema 4D; Blender;
 Maya; 3ds Max; ZBrush; Substance Painter; Houdini; Nuke; Figma; Sketch; Axure; 墨刀; MasterGo; Procreate; Spine;
 Live2D; Marvelous Designer; CLO 3D; Coohom; 三维家; HIS系统; 游标卡尺; 千分尺; 三坐标测量; 二次元测量; 高度规; 百分表;
 粗糙度仪; 硬度计; FANUC数控系统; 西门子数控系统; 华中数控; 广州数控; 海德汉; 马扎克; 三菱数控; LoadRunner; JMeter; QTP;
 Appium; Robot Framework; TestLink; Fiddler; Wireshark; MES; PLM; CRM; OA系统; GIS; SuperMap; Cesium; RPA; 激光雷达;
 毫米波雷达; 变频器; 伺服系统; 步进电机; 电工仪表; 网络设备; Burp Suite; Metasploit; Nmap; Kali Linux; IDA Pro; Sqlmap;
 SIEM; 直通车; 万相台; 京东快车; 巨量千川; Google Ads; Facebook广告; Kubernetes Operator; containerd; Kubeadm; CDH;
 Ambari; Apache Atlas; Apache Ranger; Kerberos; Phoenix; Hue; WAF; 堡垒机; DLP; EDR; 蜜罐; 电源管理芯片; Flash存储;
 FatFS; LwIP; 传感器; 逆变器; 条码技术; Jupyter
knowledge: 工业机器人; 智能制造; 工业自动化; 非标自动化; 数字孪生; 机电一体化; 液压传动; 气压传动; 过程控制; 现场总线;
 机器视觉系统; 机械原理; 公差配合; 形位公差; 工程材料; 材料力学; 理论力学; 流体力学; 热力学; 轴承; 密封; 敏捷开发;
 瀑布模型;
 CMMI; ASPICE; UML; SaaS; VLAN; OSPF; BGP; MPLS; VPN; IPv6; DNS; DHCP; Zigbee; LoRa; NB-IoT; MQTT; CoAP; OPC UA; 蓝牙;
 物联网; 边缘计算; 工业互联网; SDN; NFV; 5G通信; 卫星通信; 北斗; 区块链; 等级保护; PKI; 身份认证; 企业会计准则;
 国际财务报告准则; 美国会计准则; ISO 26262; SOTIF; 三电系统; 混合动力; 汽车构造; 车联网; ADAS; 智能座舱; 汽车电子; NVH;
 OBD; UDS诊断; 建筑结构; 钢筋混凝土结构; 地基与基础; 土力学; 建筑材料; 电力系统; 智能电网; 电能质量; 电工基础; 电机;
 低压电器; 高压电器; 光伏; 储能; 新能源发电; 核电; 火电; 水电; 楼宇自控; 消防报警系统; 安防系统; 智能家居; 虚拟化;
 云计算;
 Serverless; 分布式存储; 存储系统; CI/CD; 消息队列; 数据仓库; 数据湖; 实时计算; 离线计算; 数据中台; 异构计算;
 高性能计算;
 RTOS; AUTOSAR; 分库分表; CT; MRI; PWA; 前端工程化; 跨域; 零信任; 安全运营中心; 威胁情报; SDL; 整车控制器; 电机控制器;
 BMS
skill: 驱动开发; 光学设计; 系统架构设计; 网络编程; 并发编程; 异步编程; BSP开发; PCB设计; 原理图设计; 电子电路设计;
 高速电路设计;
 电源设计; 嵌入式硬件设计; 焊接电路板; SMT; DIP插件; AOI检测; 回流焊; 电子装配; 电子测量; 硬件调试; 射频电路设计;
 封装测试;
 标准件选型; 机械制图; 机械设计; 有限元分析; 结构强度分析; 疲劳分析; CFD; 热仿真; 钣金设计; 塑胶结构设计; DFM; BOM管理;
 传动设计; 机构设计; 逆向设计; 振动分析; 机械制造工艺; 系统运维; 自动化运维; 监控告警; 性能调优; 故障排查; 服务器维护;
 IDC机房运维; 备份与恢复; SRE; ETL; 数据治理; 数据建模; 数据可视化; GPU编程; SQL优化; 数据库设计; 存储过程; 索引优化;
 微信小程序; 响应式布局; 浏览器兼容性; 鸿蒙应用开发; ASIC设计; 数字前端设计; 数字验证; 模拟IC设计; 版图设计; DFT;
 静态时序分析; 后端设计; 低功耗设计; Python爬虫; Python自动化; Python数据分析; Linux系统编程; Linux网络编程; 上位机开发;
 工业机器人编程; 离线编程; 机器人维护; 变频器调试; 伺服调试; 传感器调试; 封装测试; 防火墙
"""


def type_overrides() -> dict[str, str]:
    out = {}
    for block in re.split(r"\n(?=\w+:)", TYPE_OVERRIDES.strip()):
        typ, names = block.split(":", 1)
        for name in names.replace("\n", " ").split(";"):
            name = name.strip()
            if name:
                out[name] = typ.strip()
    return out


def slug(text: str) -> str:
    s = re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")
    return s or "x"


def parse_src() -> list[dict]:
    entries = []
    for path in sorted(SRC.glob("*.txt")):
        header = None
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("%"):  # "%tool": the following lines of this section have that type
                if header is None or line[1:].strip() not in TYPES:
                    raise SystemExit(f"{path.name}:{lineno}: bad type switch")
                header = {**header, "type": line[1:].strip()}
                continue
            if line.startswith("@"):
                group, typ, domain, group_zh, group_en = [p.strip() for p in line[1:].split("|")]
                if typ not in TYPES or domain not in DOMAINS:
                    raise SystemExit(f"{path.name}:{lineno}: bad type or domain")
                header = {"group": group, "type": typ, "domain": domain, "group_zh": group_zh, "group_en": group_en}
                continue
            if header is None:
                raise SystemExit(f"{path.name}:{lineno}: entry before a section header")
            parts = [p.strip() for p in line.split("|")]
            while len(parts) < 3:
                parts.append("")
            name_zh, name_en, aliases = parts[0], parts[1] or parts[0], parts[2]
            alias_list, ambiguous = [], []
            for a in (x.strip() for x in aliases.split(";")):
                if not a:
                    continue
                if a.startswith("!"):
                    ambiguous.append(a[1:])
                else:
                    alias_list.append(a)
            entries.append(
                {
                    **header,
                    "name_zh": name_zh,
                    "name_en": name_en,
                    "aliases": alias_list,
                    "ambiguous_aliases": ambiguous,
                    "source": SOURCE,
                    "_where": f"{path.name}:{lineno}",
                }
            )
    return entries


def families() -> list[dict]:
    out = []
    base = {"ambiguous_aliases": [], "source": SOURCE_FAMILY}
    for en, zh in HUAWEI_TRACKS:
        for level, _level_zh in HUAWEI_LEVELS:
            out.append(
                {
                    **base,
                    "group": "it_certificates",
                    "type": "skill",
                    "domain": "it",
                    "group_zh": "IT证书",
                    "group_en": "IT certificates",
                    "name_zh": f"华为{level}-{zh}",
                    "name_en": f"Huawei {level}-{en}",
                    "aliases": [f"{level}-{en}", f"{level} {en}", f"{level}-{zh}", f"华为{level}{zh}认证"],
                    "_where": "family:huawei",
                }
            )
    for zh, en, domain in VOCATIONAL_QUALIFICATIONS:
        out.append(
            {
                **base,
                "group": "vocational_qualifications",
                "type": "skill",
                "domain": domain,
                "group_zh": "职业技能等级证书",
                "group_en": "Vocational skill level certificates",
                "name_zh": f"{zh}职业技能等级证书",
                "name_en": f"{en} vocational skill level certificate",
                # 电工证 / 焊工证 name the special-operations licences (special_operations group), not these.
                "aliases": ([] if zh in ("电工", "焊工") else [f"{zh}证"])
                + [f"{zh}资格证", f"{zh}等级证", f"{zh}职业资格证书"]
                + [f"{lvl}{zh}" for lvl in VQ_LEVELS],
                "_where": "family:vq",
            }
        )
    for zh, en in LANGUAGE_SKILLS:
        for kind_zh, kind_en, extra in (
            ("口语", "speaking", [f"{zh}听说"]),
            ("翻译", "translation", [f"{zh}笔译", f"{zh}口译"]),
        ):
            out.append(
                {
                    **base,
                    "group": "languages",
                    "type": "language",
                    "domain": "transversal",
                    "group_zh": "语言",
                    "group_en": "Languages",
                    "name_zh": f"{zh}{kind_zh}",
                    "name_en": f"{en} {kind_en}",
                    "aliases": extra,
                    "_where": "family:lang",
                }
            )
    return out


def build() -> list[dict]:
    entries = parse_src() + families()
    overrides = type_overrides()
    names = {e["name_zh"] for e in entries}
    missing = sorted(set(overrides) - names)
    if missing:
        raise SystemExit(f"TYPE_OVERRIDES names no skill: {missing}")
    for e in entries:
        if e["name_zh"] in overrides:
            e["type"] = overrides[e["name_zh"]]
    seen_names: dict[str, str] = {}
    used_ids: set[str] = set()
    records = []
    for e in entries:
        key = e["name_zh"].lower()
        if key in seen_names:
            raise SystemExit(f"duplicate skill {e['name_zh']!r}: {e['_where']} and {seen_names[key]}")
        seen_names[key] = e["_where"]
        sid = f"{e['domain'][:3]}.{e['group']}.{slug(e['name_en'])}"
        n = 2
        base_id = sid
        while sid in used_ids:
            sid = f"{base_id}-{n}"
            n += 1
        used_ids.add(sid)
        aliases = []
        for a in e["aliases"]:
            if a.lower() not in {e["name_zh"].lower(), e["name_en"].lower()} and a not in aliases:
                aliases.append(a)
        records.append(
            {
                "id": sid,
                "name_zh": e["name_zh"],
                "name_en": e["name_en"],
                "aliases": aliases,
                "ambiguous_aliases": e["ambiguous_aliases"],
                "type": e["type"],
                "group": e["group"],
                "group_zh": e["group_zh"],
                "group_en": e["group_en"],
                "domain": e["domain"],
                "domain_zh": DOMAINS[e["domain"]][0],
                "domain_en": DOMAINS[e["domain"]][1],
                "source": e["source"],
            }
        )
    records.sort(key=lambda r: r["id"])
    resolve_alias_clashes(records)
    return records


def resolve_alias_clashes(records: list[dict]) -> None:
    """One surface form -> one skill. A form that is some skill's own name stays with that skill; a form
    shared only as an alias stays with the first skill in id order. Each removal is printed."""
    names: dict[str, str] = {}
    for r in records:
        for n in (r["name_zh"], r["name_en"]):
            names.setdefault(n.lower(), r["id"])
    owner: dict[str, str] = {}
    for r in records:
        for field in ("aliases", "ambiguous_aliases"):
            kept = []
            for a in r[field]:
                key = a.lower()
                if key in names and names[key] != r["id"]:
                    print(f"  alias {a!r} dropped from {r['id']}: it names {names[key]}")
                    continue
                if key in owner and owner[key] != r["id"]:
                    print(f"  alias {a!r} dropped from {r['id']}: already an alias of {owner[key]}")
                    continue
                owner[key] = r["id"]
                kept.append(a)
            r[field] = kept


def main() -> None:
    records = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {len(records)} skills to {OUT}")


if __name__ == "__main__":
    main()
