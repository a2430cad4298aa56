"""Job title -> occupation code of China's occupation classification (国家职业分类大典 2022, ``data/csco-2022.csv``).

``default_coder().code(title) -> OccupationCode(code, name, level, confidence, method)``.

The title is cleaned first (``clean_title``): the company or shop before a recruiting word (``<公司名>招聘咖啡师``,
``网吧工作关系需急招:收银员`` -> the job after it), a company name ending in 公司, job-board notes (``学历:``,
``月薪:``, ``工作地点:``), salaries and head counts (``4500-5500元``, ``3人``), bracketed notes (also a
bracket a board left open when it cut a long title: ``服务员（大蟹天下开发区``), recruiting noise (急招, 包吃住,
2024届, 急急急 ...) and seniority words (高级, 资深, 熟练 ...). Then, first hit wins (``method``):

1. ``vague``: titles that name no occupation (普工, 储备干部, 实习生 ...) get an upper-level code (``VAGUE_TITLES``).
2. ``exact``: the cleaned title is a hand-checked override, a head word, or an occupation's name or listed alias
   (a level-2 group's alias gives way to a head word of the same group: 少儿编程老师 -> 其他教学人员).
3. ``head``: the title ends in a head word of ``data/occupation_head_words.csv`` (158 job-board words written for
   WorkBridge from the classification's definitions: 保安, 钣金工, 推销员, 幼师, 钢琴老师 ...).
4. ``rule``: keyword rules, in order: ``PRIORITY_RULES`` (the school level of a teacher, medicine sales, e-commerce
   operations, executives' assistants) before the head words; then a title ending in 工程师 whose kind is the kind of
   a "<kind>工程技术人员" occupation (仪器仪表工程师 -> 仪器仪表工程技术人员, 设备工程师 -> 设备工程技术人员); then
   ``TITLE_RULES`` (软件测试 -> 计算机软件测试员, 算法 -> 人工智能工程技术人员, 策划 -> 商务策划专业人员, a manager of
   sales or of a sales region -> 市场营销专业人员 ...).
5. ``suffix`` / ``head_in`` / ``infix``: the title ends in an occupation name or alias (``酒店收银员``), contains a
   head word, or contains a name or alias of three characters or more.
6. ``group``: the head says only the kind of work (``…工程师``, ``…老师``, ``…医生``, ``…工``): the level-2 group
   (``GROUP_HEADS``) at a low confidence, rather than no code.
7. else no code (``code=None``, confidence 0).

A title ending in 助理 is first coded without it (服装设计助理 -> 服装设计人员), and one ending in 主管, 组长, 领班,
班长 or 队长 takes the occupation of the crew it leads when the rest is a known job name (电工主管 -> 电工, 保安队长 ->
保安员). When the job alone gives only a group, a vague code, a catch-all "other ..." occupation or nothing, the
employer before the recruiting word is put back and tried too (烧烤店招学徒 -> 中式烹调师, 某中学招聘语文教师 ->
中小学教师).

The confidence is that of the method, measured on the development titles and stored in
``data/occupation_calibration.json`` (``data/build_occupation_calibration.py``; ``docs/annotation-guide.md``).
There is no fuzzy search in ``code()`` (it cost 90 % of the time and was wrong more often than right);
``alternatives(title, exclude=code)`` still offers fuzzy neighbours (further matching rules, then rapidfuzz scores
from ``ALTERNATIVE_MIN_SCORE``) for callers that offer a choice (the extract API). Names are returned without the
edition's ``S``/``L`` markers. Accuracy is checked by ``tests/engines/test_occupation.py``.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from . import DATA_DIR

DEFAULT_PATH = DATA_DIR / "csco-2022.csv"
FUZZY_MIN_SCORE = 80
ALTERNATIVE_MIN_SCORE = 75  # alternatives are suggestions beside the chosen code: a looser cut
ALTERNATIVE_RULE_CONFIDENCE = 0.6

# (regex on the cleaned, lower-cased title, code). First match wins; order matters.
TITLE_RULES: list[tuple[str, str]] = [
    (r"专任教师|专业教师|高校教师|大学教师|高职教师", "2-08-01-00"),
    (r"幼儿园|幼师|幼教", "2-08-03-00"),
    (r"小学.{0,4}(老师|教师)", "2-08-02-04"),
    (r"初中.{0,4}(老师|教师)", "2-08-02-03"),
    (r"高中.{0,4}(老师|教师)", "2-08-02-01"),
    (r"中职.{0,4}(老师|教师)|职高.{0,4}(老师|教师)", "2-08-02-02"),
    (r"讲师|培训师|教研|职业培训", "4-07-03-05"),
    (r"老师|教师|教员|助教|家教|陪练", "2-08-99-00"),
    (
        r"芯片|集成电路|ic设计|ic电路|ic验证|asic|fpga|版图|数字前端|数字后端|数字验证|模拟ic|模拟设"
        r"计|(?<![a-z])(soc|sta|ate)(?![a-z])|signal and power integrity",
        "2-02-38-09",
    ),
    (r"硬件测试|硬件工程|硬件开发|硬件设计|电路设计|pcb|(?<![a-z])hw(?![a-z])|hardware", "2-02-10-02"),
    (r"通信测试|射频|基站|无线通信|通信工程|通讯工程|光通信|核心网|5g|(?<![a-z])pon(?![a-z])", "2-02-10-01"),
    (r"ai训练|数据标注|标注|ai操作|数据分拣", "4-04-05-05"),
    (r"传感器.{0,4}测试|电解槽|产品测试|性能检测", "2-02-31-01"),
    (r"(电池|电芯).{0,4}(操作工|作业员|普工|生产工)", "6-24-00-00"),
    (r"电池|电芯|(?<![a-z])pack(?![a-z])|电机|电力电子|电源工程", "2-02-11-01"),
    (r"hil|整车|汽车工程|动力总成|汽车电子|车身|驾驶性能|线控|汽车网络", "2-02-07-11"),
    (r"路测|智能驾驶", "2-02-15-01"),
    (r"测试开发|测开|软件测试|测试|tester|(?<![a-z])qa(?![a-z])|质量保证工程", "4-04-05-02"),
    (r"嵌入式|单片机|固件|bsp|驱动开发|驱动工程|底层软件|mcu", "2-02-10-06"),
    (r"cae|仿真分析|有限元|fea|simulation|热仿真|结构仿真", "2-02-07-01"),
    (
        r"算法|机器学习|深度学习|强化学习|人工智能|(?<![a-z])ai(?![a-z])|aigc|视觉|图像|目标检测|nlp|自然语言|语音识别|语音|大模型|llm|(?<![a-z])cv(?![a-z])|感知|slam|自动驾驶|知识图谱",
        "2-02-38-01",
    ),
    (r"数据分析|商业分析|bi工程|bi开发|数据运营|经营分析", "4-07-02-05"),
    (r"五险一金|社保", "4-07-03-04"),
    (r"统计", "2-06-02-00"),
    (r"气象", "2-02-25-00"),
    (r"数据库|(?<![a-z])(dba|db|sql)(?![a-z])|sql server", "4-04-05-04"),
    (
        r"大数据|数据开发|数据湖|数据平台|数仓|数据仓库|hadoop|spark|flink|etl|数据工程|数据.{0,4}工程师|数据治理|数据管理|数据架构|数据挖掘|爬虫|数据采集",
        "2-02-38-03",
    ),
    (r"网络安全|信息安全|安全研究|安全运营|安全开发|安全产品|渗透|攻防|漏洞|安全服务|安全运维|等保", "2-02-10-07"),
    (r"安全工程师|安全员|安全主管|安全经理|(?<![a-z])ehs(?![a-z])|安环", "2-02-28-00"),
    (r"网络工程|网络管理|网管|网络运维|网络技术", "2-02-10-04"),
    (r"云计算|云平台|云原生|云架构|云开发|openstack|kubernetes|k8s", "2-02-38-04"),
    (
        r"运维|sre|devops|it支持|it技术支持|it工程师|it主管|it经理|资讯技术|桌面支持|系统管理员|技术支持工程|应用支持",
        "2-02-10-08",
    ),
    (r"实施|erp|sap|信息系统|信息化|系统分析|需求分析|系统工程师|系统应用|交付", "2-02-10-05"),
    (r"物联网|iot", "2-02-38-02"),
    (r"区块链", "2-02-38-08"),
    (r"虚拟现实|(?<![a-z])(vr|ar|xr)(?![a-z])", "2-02-38-07"),
    (r"机器人", "2-02-38-10"),
    (r"智能制造|数字化工厂", "2-02-38-05"),
    (r"工业互联网|车联网", "2-02-38-06"),
    (r"plc|电气自动化|自动化工程|自控|自动控制|dcs|工控", "2-02-07-07"),
    (r"前端|web前端|android|安卓|ios|小程序|h5|客户端开发|移动开发|app开发|flutter|鸿蒙|unity|游戏|u3d", "4-04-05-01"),
    (r"产品经理|产品专员|产品助理|产品设计", "2-02-34-01"),
    (r"(?<![a-z])(ui|ux)(?![a-z])(?!.*开发)|交互设计|美工", "4-07-07-02"),
    (r"平面设计", "4-08-08-06"),
    (r"视觉设计|美术指导", "2-09-06-01"),
    (r"室内|装潢|软装|效果图|全案设计", "4-08-08-07"),
    (r"动画", "2-09-06-03"),
    (r"项目经理|项目管理|项目主管|项目助理|项目负责人|(?<![a-z])(pm|pmo)(?![a-z])", "2-02-30-04"),
    (r"技术支持|售前|售后技术|解决方案", "4-07-02-03"),
    (r"生物\s*信息|生信", "2-02-32-02"),
    (r"风险|风控", "4-07-02-01"),
    (r"催收|贷后|借后|征信|信用管理", "4-07-02-04"),
    (r"电气", "2-02-11-01"),
    (r"(注册|土建|建筑).{0,4}结构", "2-02-18-02"),
    (r"机械设计|结构工程|结构设计|机械工程|液压", "2-02-07-01"),
    (r"工艺工程|工业工程|(?<![a-z])ie(?![a-z])|生产计划|pmc|生产(经理|主管|总监|组长|拉长)|拉长", "2-02-30-01"),
    (r"模具|跟模", "2-02-07-06"),
    (r"打印机|复印机", "4-12-02-02"),
    (r"电梯", "6-29-03-03"),
    (r"写真|喷绘", "6-08-01-02"),
    (r"(家居|家具|门窗|橱柜|衣柜).{0,2}安装", "6-29-04-01"),
    (r"看监控|监控室|监控员", "4-07-05-01"),
    (r"工程部经理", "2-02-30-04"),
    (r"质量工程|品质工程|sqe|质量管理|品质", "2-02-29-03"),
    (r"平车|车位|缝纫|制衣", "6-05-01-03"),
    (r"数控车|车床|车工", "6-18-01-01"),
    (r"加工中心|cnc", "6-18-01-07"),
    (r"数控铣|铣工", "6-18-01-02"),
    (r"焊工|电焊|氩弧焊", "6-18-02-04"),
    (r"汽车维修|汽修|4s店|汽车.{0,2}(喷漆|钣金|美容)", "4-12-01-01"),
    (r"面包|烘焙|蛋糕|西点", "4-03-02-04"),
    (r"烧烤|后厨|厨房|饭店|酒楼", "4-03-02-01"),
    (r"光伏组件", "6-24-02-04"),
    (r"注塑|吹塑|挤塑", "6-14-02-00"),
    (r"装修|装饰工", "6-29-04-01"),
    (r"贷款|信贷|借款|车贷", "4-05-01-02"),
    (r"法务", "2-07-09-00"),
    (r"消防(控制|监控|设施)", "4-07-05-03"),
    (r"电子.{0,3}(组装|装配)|(?<![a-z])smt(?![a-z])|插件|电路板|线路板", "6-25-04-07"),
    (r"制药|药物制剂", "6-12-03-00"),
    (r"变电|配电.{0,3}值班", "6-28-01-14"),
    (r"养老|老人|失能", "4-10-01-05"),
    (r"口腔.{0,2}护", "2-05-08-07"),
    (r"护士|护理", "2-05-08-00"),
    (r"b超|超声", "2-05-01-17"),
    (r"口腔.{0,2}(医生|医师)", "2-05-01-07"),
    (r"康复", "2-05-07-13"),
    (r"厨师|中餐|炒锅|烹调", "4-03-02-01"),
    (
        r"java|python|c\+\+|c#|golang|(?<![a-z])go(?![a-z])|php|\.net|后端|后台开发|服务端|全栈|软件|程序员|编程|开发工程|研发工程|"
        r"开发|研发|架构师|技术经理|技术总监|cto|gis|developer|backend|software",
        "2-02-10-03",
    ),
    (r"电商运营|淘宝|天猫|京东运营|拼多多|亚马逊|跨境电商|店铺运营|网店", "4-01-06-01"),
    (r"(微信|新媒体|公众号).{0,3}编辑", "2-10-02-05"),
    (r"新媒体|直播|主播|带货|短视频|网络推广|网络营销|sem|seo|抖音", "4-01-06-02"),
    (r"客服", "4-04-05-03"),
    (r"售后(?!.*工程师)|客户服务", "4-07-02-03"),
    (r"会计|财务|出纳|成本核算|成本经理", "2-06-03-00"),
    (r"审计", "2-06-04-00"),
    (r"人事|人力资源|人力|人资|(?<![a-z])hr(?![a-z])|社保|薪酬|绩效|培训(主管|经理|专员|总监)", "4-07-03-04"),
    (r"外贸|国际贸易", "4-01-02-01"),
    # a manager of selling or of a sales territory: 市场营销专业人员 (the classification's alias list agrees)
    (r"(销售|营销|市场|渠道|业务|区域|大区|省区|城市)部?(总经理|副总|总监|经理|主管)", "2-06-07-02"),
    (r"(总经理|副总经理|副总裁|总裁|厂长|(?<![a-z])ceo)$", "1-06-01-02"),
    (r"仓库|仓管|仓储|库管", "4-02-06-01"),
    (r"品牌", "2-06-07-04"),
    (r"策划|企划|招商", "2-06-07-03"),
    (r"文案", "2-10-02-01"),
    (r"营运", "4-01-02-06"),
    (r"运营", "4-13-01-05"),
    (r"影视制作", "2-09-03-00"),
    (r"剪辑|视频编辑|影视后期", "2-09-03-06"),
    (r"销售|营销|业务|招生|商务专员|(?<![a-z])bd(?![a-z])|客户经理|渠道|市场(专员|助理|推广)", "4-01-02-01"),
    (r"采购", "4-01-01-00"),
    (r"物流", "4-02-06-03"),
    (r"塔吊|吊车|起重|叉车", "6-30-05-01"),
    (r"铲车|挖掘机|挖机|装载机", "6-30-05-05"),
    (r"(货车|货运|大货|重卡|a2|b2|冷链|厢货|送货).{0,4}(司机|驾驶)", "4-02-02-02"),
    (r"司机|驾驶员|(?<![a-z])c1(?![a-z])", "4-02-02-01"),
    (r"秘书", "3-01-02-02"),
    (r"行政|文员|助理|内勤", "3-01-02-00"),
    (r"食品.{0,2}检验|农产品.{0,2}检验", "4-08-05-01"),
]

# Checked before the head words: the kind of school says which teachers, the product which salespeople.
PRIORITY_RULES: list[tuple[str, str]] = [
    (r"特教|特殊教育", "2-08-04-00"),
    (r"托育|早教", "4-10-01-01"),
    (r"(高职|职业技术学院|职业学院|高等职业).{0,8}(老师|教师)", "2-08-01-02"),
    (r"(高中|高级中学).{0,6}(老师|教师)", "2-08-02-01"),
    (r"(初中|初级中学).{0,6}(老师|教师)", "2-08-02-03"),
    (r"小学.{0,6}(老师|教师)", "2-08-02-04"),
    (r"(中学|中职|职高).{0,6}(老师|教师)", "2-08-02-00"),
    (r"(医药|药品|药企).{0,3}(销售|代表)|医药代表|学术推广", "2-06-07-07"),
    (r"(董事长|总裁|总经理|ceo|老板)(助理|秘书)", "3-01-02-02"),
    (r"会计|出纳", "2-06-03-00"),  # before the head word 文员 (会计文员)
    (r"电子商务|(电商|网店|淘宝|天猫|京东|拼多多|亚马逊|阿里巴巴|速卖通|跨境|网站|网络)(运营|营运)", "4-01-06-01"),
    (r"餐饮(?!.*店长)", "4-03-02-05"),
    (r"前厅", "4-03-01-01"),
]

# Job titles whose alias in the source data points elsewhere than WorkBridge codes them (checked first).
ALIAS_OVERRIDES: dict[str, str] = {
    "算法工程师": "2-02-38-01",
    "搜索算法": "2-02-38-01",
    "语音识别工程师": "2-02-38-01",
    "自动化测试": "4-04-05-02",
    "测试工程师": "4-04-05-02",
    "系统工程师": "2-02-10-05",
    "销售工程师": "4-01-02-01",
    "网络工程师": "2-02-10-04",
    "成本会计": "2-06-03-00",  # the alias list puts it under 工程造价; a cost accountant is an accountant
    "销售人员": "4-01-02-01",  # the name of the level-3 group; as a job title it is a salesperson
    "运营总监": "1-06-01-02",  # listed under 事业单位负责人; job boards mean a company's head of operations
    "团队经理": "2-06-07-02",  # listed as a sports 教练员 alias; on job boards a sales team manager
}

VAGUE_TITLES: list[tuple[str, str, float]] = [
    # several roles in one title ("Java/C++/算法/测开/前端"): the IT engineering category, not one occupation
    (r"^[^/、,，]+([/、,，][^/、,，]+){4,}$(?<!工程师)", "2-02-10-00", 0.5),
    (
        r"^(普工|操作工|操作人员|普通工人|生产工人|工人|杂工|学徒|学徒工|技工|组装工|流水线工人|车间工人|生产员)$|车间主任$",
        "6-00-00-00",
        0.5,
    ),
    (r"^(?!.*(销售|营销)).*(储备干部|管培生|管理培训生|储备人才|储干)", "1-06-00-00", 0.4),
    # design of no named kind: the level-3 group of creative designers
    (r"^(资深|高级|实习|见习)?(设计师?|设计总监|设计师?助理|设计部?学徒)$", "2-09-06-00", 0.4),
    (r"^(实习生|见习生|应届生|毕业生|兼职|临时工|小时工)$", "8-00-00-00", 0.3),
    (r"^(工程师|技术员|技术人员|研究员)$", "2-02-00-00", 0.4),
    (r"^(科研中心|研究院)?(研发员|科研人员|研究员)$", "2-01-00-00", 0.4),
]

_BRACKETS_RE = re.compile(r"[（(【\[<《][^）)】\]>》]*[）)】\]>》]")
# a bracket left open at the end: boards cut long titles after 12 or so characters ("服务员（大蟹天下开发区")
_OPEN_BRACKET_RE = re.compile(r"[（(【\[<《][^）)】\]>》]*$")
# the company or shop before a recruiting word ("<公司名>招聘咖啡师", "网吧工作关系需急招:收银员"): keep what follows
_RECRUIT_RE = re.compile(r"^(.{2,}?)(工作关系需急招|需急招|急招|急聘|诚聘|招聘|聘请)[:：\s]*(.{2,})$")
_SHOP_RECRUIT_RE = re.compile(r"^(.{1,}?[店厂院校司场馆园部])招(?!聘|商|标|生|投)[:：\s]*(.{2,})$")
_COMPANY_RE = re.compile(r"^.{2,}?(有限责任公司|股份有限公司|有限公司|公司)(.{2,})$")
# job-board notes after the title: 学历:大专 / 月薪:3000-3500元每月 / 工作地点：南京 / 要求:...
_TAIL_RE = re.compile(r"(学历|月薪|薪资|待遇|要求|工作地点|工作地|地点|职责)[:：].*$")
_SALARY_RE = re.compile(
    r"\d+(\.\d+)?\s*[-~～至到]\s*\d+(\.\d+)?\s*(k|千|万|元)?(/月|每月|元每月)?\+?|"
    r"(月薪|底薪|日薪|时薪)\s*\d*(\.\d+)?\s*(k|千|万|元)?\+?|\d+(\.\d+)?\s*(k|千|万|元)\+?(以上)?|"
    r"\d+\s*(人|名|位)(?![a-z\u4e00-\u9fff])|底薪\+提成|多劳多得|日结|周结|包吃住|包住|包吃|持证|兼职|全职|夜班|早班|长白班|两班倒"
)
_NOISE_RE = re.compile(
    r"急招|急聘|诚聘|急{2,}|高薪|双休|五险一金|包吃住|可实习|实习可转正|校招|社招|应届生|\d{2,4}届|\d{2,4}年|"
    r"[-—–_/|]?\s*(北京|上海|广州|深圳|杭州|南京|苏州|武汉|成都|西安|长沙|合肥|重庆|天津|厦门|大连|沈阳|青岛|济南|郑州)\s*$"
)
_SENIORITY_RE = re.compile(r"^(高级|资深|初级|中级|中高级|首席|熟练|senior|junior|sr\.?|jr\.?)\s*")
_TRAILING_RECRUIT_RE = re.compile(r"(招聘|急招|急聘|诚聘)$")
# the one who leads a crew of a named trade: 电工主管 -> 电工, 保安队长 -> 保安员 (tried when the stem is a known job)
_CREW_LEAD_RE = re.compile(r"^(.{2,}?)(主管|组长|领班|班长|队长)$")
_ENGINEER_SUFFIX = "工程技术人员"
_MARKER_RE = re.compile(r"(L/S|S|L)$")

# Suffix heads that say the kind of work but not the occupation: the level-2 group, at a low confidence, rather
# than no code (checked last). Written for WorkBridge from the classification's major and middle groups.
GROUP_HEADS: list[tuple[str, str]] = [
    (r"(工程师|总工|engineer|工程技术人员)$", "2-02-00-00"),
    (r"(老师|教师|教员)$", "2-08-00-00"),
    (r"(医生|医师|大夫)$", "2-05-01-00"),
    (r"(护士|护师)$", "2-05-08-00"),
    (r"(研究员|研究助理|科研)$", "2-01-00-00"),
    (r"销售|营销", "4-01-02-00"),
    (r"(司机|驾驶员)$", "4-02-00-00"),
    (r"(操作工|操作员|作业员|工人|技工|学徒|普工|([^一-龥]|[^分员人])工)$", "6-00-00-00"),
]

# lexicon keys too generic to decide an occupation from a title's end or middle
_GENERIC_KEYS = frozenset(
    "工程师 技术员 经理 主管 专员 助理 总监 组长 顾问 管理员 操作员 操作工 服务员 工人 技师 设计师 分析师 "
    "研究员 开发 测试 运营 销售 实习生 负责人 主任 师傅 工程 技术 管理 专家 架构师 规划师 策划 总经理".split()
)

_WEAK_METHODS = frozenset({"group", "vague"})

# default confidences per method (replaced by data/occupation_calibration.json, measured on the development split)
DEFAULT_CONFIDENCE: dict[str, float] = {
    "exact": 0.9,
    "head": 0.85,
    "rule": 0.85,
    "suffix": 0.7,
    "head_in": 0.6,
    "infix": 0.5,
    "group": 0.3,
}
CALIBRATION_PATH = DATA_DIR / "occupation_calibration.json"
HEAD_WORDS_PATH = DATA_DIR / "occupation_head_words.csv"


@dataclass(frozen=True)
class OccupationCode:
    code: str | None
    name: str
    level: int | None
    confidence: float
    method: str = ""

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "level": self.level, "confidence": self.confidence}


def _tidy(s: str) -> str:
    s = _TRAILING_RECRUIT_RE.sub("", s)
    s = _SALARY_RE.sub(" ", s)
    s = _NOISE_RE.sub("", s)
    s = re.sub(r"\s+", " ", s).strip(" -—_/|·,，:：+")
    s = _SENIORITY_RE.sub("", s)
    return s.strip()


def split_title(title: str | None) -> tuple[str, str]:
    """(employer context, cleaned title): ``"培训学校招聘数学老师"`` -> ``("培训学校", "数学老师")``. The context is
    what stood before a recruiting word or a company name ending in 公司 ("" when nothing did)."""
    s = unicodedata.normalize("NFKC", title or "").strip().lower()
    s = _TAIL_RE.sub("", s)
    s = _OPEN_BRACKET_RE.sub("", _BRACKETS_RE.sub("", s))
    context = ""
    m = _RECRUIT_RE.match(s) or _SHOP_RECRUIT_RE.match(s)
    if m:
        context, s = m.group(1), m.group(m.lastindex or 1)
    m = _COMPANY_RE.match(s)
    if m:
        context, s = context + s[: m.start(2)], m.group(2)
    return _tidy(context), _tidy(s)


def clean_title(title: str | None) -> str:
    return split_title(title)[1]


def _load_head_words(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as fh:
        return {clean_title(r["word"]): r["code"].strip() for r in csv.DictReader(fh) if r["word"].strip()}


class OccupationCoder:
    def __init__(
        self,
        path: str | Path | None = None,
        *,
        head_words_path: str | Path | None = None,
        calibration: dict[str, float] | None = None,
    ):
        self.path = Path(path) if path else DEFAULT_PATH
        self.occupations: dict[str, tuple[str, int]] = {}  # code -> (name, level)
        self._exact: dict[str, str] = {}
        choices: list[str] = []
        choice_codes: list[str] = []
        with self.path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                code = row["code"].strip()
                level = int(row["level"])
                name = _MARKER_RE.sub("", row["name"].strip())
                if code in self.occupations:
                    continue
                self.occupations[code] = (name, level)
                forms = {name} | {a.strip() for a in (row.get("alias") or "").split(",") if a.strip()}
                for form in forms:
                    key = clean_title(_MARKER_RE.sub("", form))
                    if len(key) < 2:
                        continue
                    # upper-level rows list generic words; a level-4 row wins a clash
                    if key not in self._exact or level == 4:
                        self._exact.setdefault(key, code) if level != 4 else self._exact.__setitem__(key, code)
                    choices.append(key)
                    choice_codes.append(code)
        self._choices = choices
        self._choice_codes = choice_codes
        self._lexicon = {k: c for k, c in self._exact.items() if k not in _GENERIC_KEYS and not k.isascii()}
        self._head = _load_head_words(Path(head_words_path) if head_words_path else HEAD_WORDS_PATH)
        # "<kind>工程技术人员" -> <kind>, so that "<...kind>工程师" finds the engineering occupation of that kind
        # (仪器仪表工程师 -> 仪器仪表工程技术人员, 设备工程师 -> 设备工程技术人员)
        self._engineer = {
            name[: -len(_ENGINEER_SUFFIX)]: code
            for code, (name, level) in self.occupations.items()
            if level >= 3 and name.endswith(_ENGINEER_SUFFIX) and len(name) > len(_ENGINEER_SUFFIX) + 1
        }
        self._max_engineer = max((len(k) for k in self._engineer), default=0)
        self._max_head = max((len(k) for k in self._head), default=0)
        self._max_lex = max((len(k) for k in self._lexicon), default=0)
        self._rules = [(re.compile(p), c) for p, c in TITLE_RULES]
        self._priority = [(re.compile(p), c) for p, c in PRIORITY_RULES]
        self._vague = [(re.compile(p), c, conf) for p, c, conf in VAGUE_TITLES]
        self._groups = [(re.compile(p), c) for p, c in GROUP_HEADS]
        self.confidence = dict(DEFAULT_CONFIDENCE)
        if calibration is not None:
            self.confidence.update(calibration)
        elif path is None and CALIBRATION_PATH.exists():
            self.confidence.update(json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))["confidence"])
        codes = (
            [c for _p, c in TITLE_RULES + PRIORITY_RULES]
            + list(ALIAS_OVERRIDES.values())
            + [c for _p, c, _x in VAGUE_TITLES]
        )
        codes += list(self._head.values()) + [c for _p, c in GROUP_HEADS]
        for c in codes:
            if c not in self.occupations:
                raise ValueError(f"rule code {c} not in {self.path}")

    def _result(self, code: str, confidence: float, method: str) -> OccupationCode:
        name, level = self.occupations[code]
        return OccupationCode(code, name, level, round(confidence, 3), method)

    def _by(self, code: str, method: str) -> OccupationCode:
        return self._result(code, self.confidence[method], method)

    @staticmethod
    def _suffix(t: str, table: dict[str, str], longest: int) -> str | None:
        for i in range(max(0, len(t) - longest), len(t) - 1):
            code = table.get(t[i:])
            if code is not None:
                return code
        return None

    @staticmethod
    def _infix(t: str, table: dict[str, str], longest: int, shortest: int) -> str | None:
        n = len(t)
        for size in range(min(longest, n), shortest - 1, -1):
            for i in range(n - size + 1):
                code = table.get(t[i : i + size])
                if code is not None:
                    return code
        return None

    def code(self, title: str | None) -> OccupationCode:
        context, t = split_title(title)
        if not t:
            return OccupationCode(None, "", None, 0.0, "empty")
        r = self._code(t)
        other = (r.code or "").endswith("-99-00")  # a catch-all "other ..." occupation: the employer may say more
        if context and (r.code is None or r.method in _WEAK_METHODS or (r.level or 0) <= 3 or other):
            # the employer may say what the title leaves open (烧烤店 + 学徒, 某中学 + 语文教师)
            with_context = self._code(context + t)
            if with_context.code is not None and with_context.method not in _WEAK_METHODS:
                better = (with_context.level or 0) > (r.level or 0) or r.method in _WEAK_METHODS or r.code is None
                if better or (other and not with_context.code.endswith("-99-00")):
                    return with_context
        return r

    def _code(self, t: str) -> OccupationCode:
        if t.endswith("助理") and len(t) > 3:  # 服装设计助理, 兽医助理: the assistant of a named occupation
            r = self._code(t[:-2])
            if r.code is not None and r.method not in _WEAK_METHODS:
                return r
        m = _CREW_LEAD_RE.match(t)
        if m:
            r = self._code(m.group(1))
            if r.method in ("exact", "head") and (r.level or 0) == 4:
                return r
        for rx, code, conf in self._vague:
            if rx.search(t):
                return self._result(code, self.confidence.get("vague", conf), "vague")
        if t in ALIAS_OVERRIDES:
            return self._by(ALIAS_OVERRIDES[t], "exact")
        if t in self._head:
            return self._by(self._head[t], "exact")
        if t in self._exact:
            code = self._exact[t]
            if self.occupations[code][1] <= 2:  # a group's alias: a head word or rule in the same group says more
                better = self._suffix(t, self._head, self._max_head)
                if better and better[:4] == code[:4]:
                    return self._by(better, "head")
                for rx, rule_code in self._priority + self._rules:
                    if rule_code[:4] == code[:4] and rx.search(t):
                        return self._by(rule_code, "rule")
            return self._by(code, "exact")
        for rx, code in self._priority:
            if rx.search(t):
                return self._by(code, "rule")
        code = self._suffix(t, self._head, self._max_head)
        if code:
            return self._by(code, "head")
        if t.endswith("工程师") and len(t) > 4 and "/" not in t:  # one engineer, not a list of roles
            code = self._suffix(t[:-3], self._engineer, self._max_engineer)
            if code is None and t[:-3] in self._engineer:
                code = self._engineer[t[:-3]]
            if code:
                return self._by(code, "rule")
        for rx, code in self._rules:
            if rx.search(t):
                return self._by(code, "rule")
        code = self._suffix(t, self._lexicon, self._max_lex)
        if code:
            return self._by(code, "suffix")
        code = self._infix(t, self._head, self._max_head, 2)
        if code:
            return self._by(code, "head_in")
        code = self._infix(t, self._lexicon, self._max_lex, 3)
        if code:
            return self._by(code, "infix")
        for rx, code in self._groups:
            if rx.search(t):
                return self._by(code, "group")
        return OccupationCode(None, "", None, 0.0, "none")

    def alternatives(self, title: str | None, *, exclude: str | None = None, limit: int = 3) -> list[OccupationCode]:
        """Other occupations the title may name, best first, one entry per code, ``exclude`` (the chosen code) left
        out: the codes of further keyword rules the title also matches (confidence ``ALTERNATIVE_RULE_CONFIDENCE``),
        then the closest names and aliases by rapidfuzz score from ``ALTERNATIVE_MIN_SCORE`` (0.8 x score / 100)."""
        t = clean_title(title)
        if not t or limit <= 0:
            return []
        found: dict[str, OccupationCode] = {}
        for rx, code in self._rules:
            if code != exclude and code not in found and rx.search(t):
                found[code] = self._result(code, ALTERNATIVE_RULE_CONFIDENCE, "rule")
        for _choice, score, idx in process.extract(
            t, self._choices, scorer=fuzz.WRatio, score_cutoff=ALTERNATIVE_MIN_SCORE, limit=limit * 8 + 8
        ):
            code = self._choice_codes[idx]
            if code != exclude and code not in found:
                found[code] = self._result(code, 0.8 * score / 100, "fuzzy")
        return sorted(found.values(), key=lambda o: (-o.confidence, o.code or ""))[:limit]

    def code_many(self, titles) -> list[OccupationCode]:
        cache: dict[str, OccupationCode] = {}
        out = []
        for title in titles:
            if title not in cache:
                cache[title] = self.code(title)
            out.append(cache[title])
        return out


@lru_cache(maxsize=1)
def default_coder() -> OccupationCoder:
    return OccupationCoder()
