"""Names and phrases for the demo county that ``manage.py seed_demo`` builds.

Modelled on how the source reports describe Longhui county's stations (the
Tuesday duty day, contact cards with the township leaders' and the police
station's numbers, visits to hardship households and petitioners, the four
meetings and night activities), but every name and sentence here is made up.
"""

COUNTY = "隆回县"

# (township, its suffix for positions such as 乡长 / 镇长, villages). The first
# township's first village is the one the demo logins serve in.
TOWNSHIPS = [
    (
        "石门乡",
        "乡",
        [
            "高石村",
            "白竹村",
            "枫木村",
            "大塘村",
            "龙山村",
            "清水村",
            "杨柳村",
            "茶山村",
            "桃花村",
            "新田村",
            "长冲村",
            "石桥村",
        ],
    ),
    (
        "金石桥镇",
        "镇",
        [
            "金石村",
            "桥头村",
            "田心村",
            "水口村",
            "荷叶村",
            "岩门村",
            "竹山村",
            "罗洪村",
            "黄泥村",
            "横江村",
        ],
    ),
]

GROUP_NAMES = ["第一组", "第二组", "第三组", "第四组", "第五组", "第六组"]

SPONSORING_UNITS = [
    "县民政局",
    "县农业农村局",
    "县人社局",
    "县水利局",
    "县交通运输局",
    "县林业局",
    "县卫健局",
    "县司法局",
]

OFFICE_ROOMS = ["村部", "村综合服务中心一楼", "村部二楼", "村级活动中心"]

# Surnames common around Longhui, with rough weights.
SURNAMES = {
    "刘": 8,
    "罗": 6,
    "王": 5,
    "李": 5,
    "肖": 4,
    "张": 4,
    "陈": 4,
    "周": 4,
    "谢": 3,
    "彭": 3,
    "曾": 3,
    "邓": 3,
    "袁": 3,
    "龙": 3,
    "唐": 3,
    "向": 3,
    "杨": 3,
    "胡": 2,
    "黄": 2,
    "吴": 2,
    "谭": 2,
    "贺": 2,
    "戴": 2,
    "钟": 2,
    "伍": 2,
    "雷": 2,
    "廖": 2,
    "阳": 2,
    "孙": 1,
    "邹": 1,
    "蒋": 1,
    "段": 1,
    "匡": 1,
    "魏": 1,
    "申": 1,
    "石": 1,
    "姚": 1,
    "卿": 1,
    "禹": 1,
    "欧阳": 1,
}

# Given names of heads of household (mostly born 1945–1985) ...
ELDER_MALE_FIRST = "建国志德春秋正运金满桂仁爱红卫新松光明长永庆立昌文成海树云万"
ELDER_MALE_SECOND = "国华军平强明刚生清林山成财发贵富良才元祥辉荣忠福贤和初阳保春"
ELDER_MALE_SINGLE = "刚勇军伟斌涛华平林雄"
ELDER_FEMALE_FIRST = "桂秀春冬翠玉金满淑美丽红小月菊兰素凤"
ELDER_FEMALE_SECOND = "英兰香花梅珍莲娥芳秀华凤云琴娟芝"
# ... and of cadres (mostly born 1970–2000).
YOUNG_MALE_FIRST = "志俊浩鹏晓文海建永伟子宇嘉振少国"
YOUNG_MALE_SECOND = "斌杰鹏辉宇峰勇涛磊超龙波军华锋明翔"
YOUNG_FEMALE_FIRST = "晓丽思雅秋婷翠慧佳静雪玉"
YOUNG_FEMALE_SECOND = "琳婷敏燕霞丹芳娟萍颖倩洁"

MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "158",
    "159",
    "173",
    "177",
    "180",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "199",
]

# Tag frequencies among households.
TAG_RATES = {
    "hardship": 0.08,
    "subsistence": 0.06,
    "five_guarantees": 0.01,
    "petitioner": 0.02,
    "well_off": 0.05,
    "veteran": 0.04,
    "left_behind": 0.10,
    "disabled": 0.04,
}
# Households that cadres pair with and visit first.
PRIORITY_TAGS = ("hardship", "subsistence", "five_guarantees", "petitioner", "veteran")
NEEDY_TAGS = ("hardship", "subsistence", "five_guarantees")

# Cadre positions; "{p}" is the township's 乡 or 镇.
LEADER_POSITIONS = [
    "{p}党委书记",
    "{p}长",
    "{p}党委副书记",
    "{p}人大主席",
    "{p}纪委书记",
    "副{p}长",
    "副{p}长",
    "组织委员",
    "宣传委员",
    "武装部长",
]
SECTION_POSITIONS = [
    ("民政办主任", "{t}人民政府"),
    ("司法所所长", "{short}司法所"),
    ("财政所所长", "{t}财政所"),
    ("自然资源所所长", "{t}自然资源所"),
    ("农业综合服务中心主任", "{t}农业综合服务中心"),
    ("林业站站长", "{t}林业站"),
    ("社会事务办主任", "{t}人民政府"),
    ("综治中心主任", "{t}人民政府"),
    ("党政办主任", "{t}人民政府"),
    ("经管站站长", "{t}经管站"),
    ("应急办主任", "{t}人民政府"),
]
ORDINARY_POSITIONS = [
    "{p}干部",
    "{p}干部",
    "{p}干部",
    "民政办干事",
    "财政所会计",
    "农技员",
    "林业员",
    "党政办干事",
    "综治专干",
    "乡村振兴专干",
    "社保专干",
    "司法所干事",
]

# Printed on contact cards, by assignment role.
CARD_POSITIONS = {
    "chief": "站长",
    "deputy": "副站长",
    "first_secretary": "第一书记",
    "member": "站员",
    "resident": "驻村工作队员",
    "liaison": "民情联络员",
}

DUTY_MISSED_NOTES = [
    "值班站员参加县里业务培训，当天未开门接访",
    "防汛值守，接访改到周四",
    "站员下村调处山林纠纷，未能坐班",
    "乡里召开全体干部会，暂停接访一天",
    "值班站员病假，未安排顶班",
    "",
]

# What was seen, by kind of visit. "{group}" is the household's village group.
SEEN = {
    "home": [
        "户主在家，正在收拾晒谷坪",
        "家中两位老人身体尚好，儿子儿媳在广东务工",
        "房屋是砖混两层，外墙还没粉刷",
        "老屋为土木结构，后墙有一道裂缝",
        "新修的厕所已完成改厕",
        "家里喂了两头猪、十几只鸡",
        "孙子放学在家写作业，由奶奶照看",
        "户主腿脚不便，常年服药",
        "堂屋贴着连心卡，户主叫得出站员名字",
        "厨房已经用上自来水",
        "屋前菜地种了白菜和萝卜",
        "户主刚从县人民医院出院，在家休养",
        "家庭收入主要靠种烤烟和外出务工",
        "院子打扫得干净，柴火码放整齐",
        "户主正在编竹篮，准备赶集去卖",
        "屋顶几处瓦片松动，下雨会漏",
        "老人一个人吃饭，饭菜简单",
        "家里刚买了一台旋耕机",
    ],
    "field": [
        "帮户主抢收晚稻",
        "早稻长势好，但有几丘田缺水",
        "烤烟进入采烤期，户主家缺劳力",
        "玉米地有草地贪夜蛾，已请农技员来看",
        "油茶林刚做完抚育",
        "{group}的机耕道被雨水冲毁一段",
        "水渠淤塞，下游几丘田灌不上水",
        "和户主一起拔花生",
        "山塘水位偏低，灌溉吃紧",
        "辣椒地有病害，拍了照请农技站诊断",
        "在田埂上和户主商量明年种什么",
        "帮户主把烟叶分级打捆",
    ],
    "night": [
        "晚饭后在户主家堂屋拉家常",
        "和户主、邻居围着火塘聊到九点多",
        "户主一家刚收工回来",
        "夜巡路过，提醒户主睡前关好电闸",
        "户主白天上山干活，晚上才在家",
        "在院坝里借着路灯和几户村民谈心",
    ],
    "phone": [
        "电话回访，户主说上次反映的事已经办好",
        "打电话给在外务工的户主，了解家中老人情况",
        "电话问候，户主身体恢复得不错",
        "电话告知户主补贴已经到账",
        "电话约好下周上门",
    ],
    "meeting": [
        "召开群众评议会，到会村民三十余人",
        "组织干群恳谈会，村民提了修路和饮水两件事",
        "在村部开群众宣教会，讲解医保和养老保险政策",
        "开干群联谊会，和村民一起打篮球",
        "召开本季度民情分析会，梳理诉求十余件",
        "组织夜学，学习防汛和森林防火知识",
        "村民小组长会议，商量{group}的修路集资",
    ],
    "reception": [
        "群众来站反映情况，带了相关材料",
        "来站咨询，当场查政策文件作了解答",
        "来访群众情绪平稳",
        "陪家里老人来站办事",
        "来站领办事流程图",
        "电话预约后来站",
    ],
}

# What was asked: concerns anyone may raise ...
ASKED_COMMON = [
    "反映{group}组级公路塌方，雨天车子过不去",
    "咨询城乡居民医保缴费标准和截止时间",
    "邻里宅基地界址有争议，请站里出面调解",
    "反映和邻组的山林界址不清，起了纠纷",
    "希望帮忙联系烤烟站，提前安排分级",
    "咨询城乡居民养老保险缴费档次",
    "询问耕地地力保护补贴什么时候到账",
    "反映自来水管冻裂，家里断水两天",
    "希望在{group}路口装两盏路灯",
    "咨询危房改造补助的申请条件",
    "询问孩子上高中能不能申请助学金",
    "想参加县人社局组织的电工培训",
    "反映河堤有一段垮了，汛期有隐患",
    "反映邻居家养猪的污水流进自家田里",
    "咨询返乡创业有什么扶持政策",
    "询问水稻种植补贴标准",
    "反映{group}的机耕道需要修整",
    "老人慢性病卡到期，问怎么续办",
    "咨询林权证变更手续",
    "反映电压不稳，晚上灯发暗",
    "兄弟之间赡养老人有分歧，请求调解",
    "询问土地确权证什么时候发",
    "反映村小学门口路段没有减速带",
    "咨询户口迁移和补办身份证",
    "反映{group}水塘年久失修，灌溉不够用",
    "希望村里组织一次农技培训",
    "询问宽带什么时候能拉到{group}",
    "反映屋门口排水沟堵塞",
    "家里田被邻居占了一角，请求调处",
    "询问秸秆禁烧以后怎么处理稻草",
]
# ... and those typical of a tag.
ASKED_BY_TAG = {
    "hardship": [
        "家人住院花费大，申请临时救助",
        "询问产业帮扶资金怎么申请",
        "希望安排一个公益性岗位",
    ],
    "subsistence": [
        "询问低保复核进度",
        "这个月低保金没到账",
        "家里收入有变化，问低保会不会受影响",
    ],
    "five_guarantees": [
        "询问五保供养金标准",
        "想住进乡敬老院",
        "房子漏雨，请求帮忙修补",
    ],
    "petitioner": [
        "反映多年前征地补偿款没有足额发放",
        "对上次山林纠纷的处理结果不满意，要求再协调",
        "反映组里账目不公开",
    ],
    "veteran": [
        "老党员希望组织一次学习活动",
        "询问老干部生活补贴标准",
        "对村里修路提了几条建议",
    ],
    "left_behind": [
        "孩子父母在外务工，询问学校能否寄宿",
        "老人一个人在家，希望有人常来看看",
    ],
    "disabled": [
        "询问残疾人两项补贴怎么领",
        "申请残疾等级重新评定",
        "想申请一辆轮椅",
    ],
    "well_off": [
        "想扩大油茶种植面积，咨询土地流转",
        "想办家庭农场，问注册手续",
        "愿意为{group}修路出一部分钱",
    ],
}

DEMO_PASSWORD = "demo12345"
# The demo logins and their full names; the two cadre logins take the name of
# the cadre they belong to.
DEMO_USERS = {
    "admin": "李卫东",
    "county": "周晓敏",
    "township": "邓丽华",
    "township2": "彭志刚",
    "chief": None,
    "cadre": None,
}

# How a reception was handled: solved there and then, or taken back.
HANDLED_ON_THE_SPOT = [
    "当场解答，群众表示满意",
    "当场查了到账记录并告知",
    "当场讲清政策，群众表示理解",
    "帮忙填好申请表，当场收下材料",
    "给了办事流程图，讲清要带的材料",
]
HANDLED_TAKEN_BACK = [
    "登记后转乡民政办，三个工作日内答复",
    "约好和村干部一起到现场查看",
    "已联系乡司法所，安排调解",
    "材料不全，告知补齐后再来",
    "转乡自然资源所核实界址",
    "上报乡党委批办",
]

# The "four maps" (4张图): how to get the common errands done, by ErrandGuide.Kind.
ERRAND_GUIDES = {
    "health": (
        "1. 带户口簿、夫妻双方身份证到村卫生计生专干处登记；\n"
        "2. 专干初审后报乡卫健办；\n"
        "3. 乡卫健办五个工作日内审核，办好后由群众工作站通知领取。"
    ),
    "civil_affairs": (
        "1. 户主带户口簿、身份证和家庭收入情况到群众工作站提出申请；\n"
        "2. 村委会入户调查并在村务公开栏公示七天；\n"
        "3. 乡民政办审核后报县民政局审批；\n"
        "4. 批准后按月打卡发放，每年复核一次。"
    ),
    "land_forestry": (
        "1. 建房或林木采伐先向村委会提出申请，写明位置和面积；\n"
        "2. 乡自然资源所、林业站到现场踏勘；\n"
        "3. 符合规划的报县里审批，一般二十个工作日内办结；\n"
        "4. 界址纠纷先由群众工作站和村调委会调解。"
    ),
    "insurance": (
        "1. 城乡居民医保每年九月至十二月集中缴费，可在手机上缴或到村代办员处缴；\n"
        "2. 养老保险按年缴费，档次自选，年满六十周岁按月领取；\n"
        "3. 住院报销带身份证、医保卡，县内定点医院直接结算；\n"
        "4. 有疑问打乡社保专干电话，或周二到群众工作站咨询。"
    ),
}
