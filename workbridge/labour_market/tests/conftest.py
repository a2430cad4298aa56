"""Shared fixtures for the labour-market tests: real posting rows (51job, via isixe/JobSpider, MIT licence;
full texts via CarryChang/zhilian-51job-analysis, Apache-2.0), embedded so the tests need no ../shared."""

import pytest

HEADER = "jobName,tags,area,salary,workYear,degree,companyName,companyType,companySize,logo,issueDate"
ROWS = [
    'Python开发工程师,"1年,大专,python,gis开发,django,flask,postgis,周末双休,五险,项目提成",'
    "云南省昆明盘龙区,8千-1.2万,1年,大专,昆明择新网络科技有限公司,创业公司,少于50人,,2023-12-12 04:00:00",
    'Python自动化测试工程师,"无需经验,本科,计算机,五险一金,交通补贴,餐饮补贴,通讯补贴,专业培训,绩效奖金,年终奖金",山东省青'
    "岛市南区,6千-1.2万·13薪,无需经验,本科,北京贝聚贝安科技有限公司,民营,50-150人,,2023-12-12 04:00:00",
    'Python开发工程师,"3-4年,本科,Python,mysql数据库,软件工程,深度学习,机器学习,周末双休,五险一金,定期体检,节日福利,'
    '地铁周边",上海上海浦东新区,2-2.5万,3-4年,本科,上海本翼资产管理有限公司,民营,少于50人,,2023-12-12 04:00:00',
    'Python教员,"2年,本科,周末双休,专业培训,社保,生日礼金",广东省广州花都区,7千-1.1'
    "万,2年,本科,广东百捷教育投资有限公司,民营,150-500人,,2023-12-12 09:19:49",
    'Python开发,"2年,本科,matlab,python,matplotlib,pandas,seaborn,五险一金,餐饮补贴,免费班车,绩效奖'
    '金,年终奖金",江苏省苏州虎丘区,1.1-1.7万,2年,本科,上海微创软件股份有限公司,合资,10000人以上,,2023-11-20 23:09:04',
    'Python开发工程师,"3-4年,本科,python,django,web后端开发,tornado,联调,linux,pythonweb,k8s,flask,服务治'
    '理,五险一金,年终奖金",深圳深圳宝安区宝安,2-3.5万,3-4年,本科,爱彼智能'
    "信息技术（深圳）有限公司,民营,少于50人,,2023-12-12 10:27:03",
    'Python开发工程师,"3-4年,本科,python,django,web后端开发,tornado,联调,linux,pythonweb,k8s,flask,服务治'
    '理,五险一金,年终奖金",深圳深圳宝安区宝安,2-3.5万,3-4年,本科,爱彼智能'
    "信息技术（深圳）有限公司,民营,少于50人,,2023-12-12 10:27:03",
    '数据分析师,"1年,本科,sql,excel",浙江省宁波,工资保密,1年,本科,企业1,民营,少于50人,,2024-01-05 10:00:00',
]
TEXTS = [
    "岗位职责：1. 承担嵌入式项目设计、开发；制定嵌入式软件开发和测试计划。2. 根"
    "据产品规格设计硬件程序；使用C/C++语言在ARM平台上进行嵌入式软件开发； 任"
    "职资格：1. 精通A/D、UART、LCD、I2C和SPI等接口，熟悉某一种RTOS"
    "，精通C/C++等语言；3. 熟悉ARM的汇编指令集；具有较强的团队合作能力。",
    "岗位职责：1、 负责机械专业虚拟实验系统或产品的需求调研与需求设计工作；2、"
    " 熟悉Python和MySQL，了解Linux，会使用AutoCAD者优先。",
]


@pytest.fixture
def postings_csv() -> bytes:
    return ("\n".join([HEADER, *ROWS]) + "\n").encode("utf-8")


@pytest.fixture
def postings_txt() -> bytes:
    return ("\n".join(TEXTS) + "\n").encode("gbk")
