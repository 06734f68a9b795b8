"""Names and phrases for the demo county that ``manage.py seed_demo`` builds.

Modelled on how the source reports describe Longhui county's stations (the
Tuesday duty day, contact cards with the township leaders' and the police
station's numbers, visits to hardship households and petitioners, the four
meetings and night activities), but every name and sentence here is made up.
"""

COUNTY = "隆回县"
# Longhui's administrative division code (GB/T 2260). The townships' and villages'
# statistical codes are made from it by the numbering those codes follow
# (``visits.demo.places.division_codes``), not taken from the official list.
COUNTY_CODE = "430524"
# The prefecture-level city the demo county belongs to (its city supervisor's).
PREFECTURE = "邵阳市"

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

# The sponsoring units' register (派驻单位): those above, which stations draw, with the
# county's other departments that send cadres and the city's own (市直单位), each with a
# contact person and office phone. A station drawn a sponsor may be given the city's
# or the county's other departments instead (``visits.demo.units``).
SPONSOR_CONTACTS = {
    "县民政局": ("曾志华", "0739-8261001"),
    "县农业农村局": ("罗建军", "0739-8261002"),
    "县人社局": ("刘红梅", "0739-8261003"),
    "县水利局": ("王海涛", "0739-8261004"),
    "县交通运输局": ("肖国庆", "0739-8261005"),
    "县林业局": ("阳春生", "0739-8261006"),
    "县卫健局": ("陈丽", "0739-8261007"),
    "县司法局": ("周志强", "0739-8261008"),
    "县委组织部": ("袁卫东", "0739-8261009"),
    "县供电公司": ("钟永红", "0739-8261010"),
    "县教育局": ("谢文斌", "0739-8261011"),
}
OTHER_COUNTY_SPONSORS = ["县委组织部", "县供电公司", "县教育局"]
CITY_SPONSORS = {
    "邵阳市农业农村局": ("李振华", "0739-5361001"),
    "邵阳市水利局": ("蒋立新", "0739-5361002"),
    "国网邵阳供电公司": ("孙建平", "0739-5361003"),
}

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

# The demo logins and their full names; the two cadre logins take the name of
# the cadre they belong to.
DEMO_USERS = {
    "admin": "李卫东",
    "city": "唐建国",
    "county": "周晓敏",
    "township": "邓丽华",
    "township2": "彭志刚",
    "chief": None,
    "cadre": None,
    "office": "曾秋兰",
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

# Concerns (民情诉求) --------------------------------------------------------

# The offices (业务站所) every township keeps, with their Office.Kind.
OFFICES = [
    ("民政办", "civil_affairs"),
    ("国土所", "land"),
    ("林业站", "forestry"),
    ("卫生院", "health"),
    ("医保站", "medical_insurance"),
    ("派出所", "police"),
    ("司法所", "justice"),
    ("社保站", "other"),
    ("经管站", "other"),
    ("农业综合服务中心", "other"),
    ("村镇建设办", "other"),
    ("交通站", "other"),
    ("水利站", "other"),
    ("供电所", "other"),
    ("中心学校", "other"),
    ("综治信访办", "other"),
]
# The demo login "office" works in this office of the first township.
DEMO_OFFICE = "民政办"

# What a concern raised in a visit is about, by topic. "ways" says how such a
# concern may go: "s" solved on the spot, "t" taken back and handled by the
# station, "o" escalated and assigned to the topic's office. "details" are
# what the household added to what the visit log says they asked; "spot",
# "station" and "result" what was done on the spot, by the station, by the
# office (the office's result goes on the public notice, so it names no one);
# "explain" why it could not be solved, if it may end that way; "major" marks
# topics that can be a major event for the month's booklet. "{group}" is the
# household's village group. Topics the station alone handles have no office.
CONCERN_TOPICS = {
    "road_collapse": {
        "category": "infra_road",
        "office": "交通站",
        "ways": "to",
        "major": True,
        "details": [
            "塌了七八米，只剩一边能走人，摩托车要绕山路",
            "路基被山水掏空，再下几场雨怕整段垮掉，学生每天从这里过",
            "塌下来的土石堵了半边路，农用车拉不出谷子",
        ],
        "station": [
            "村里组织{group}群众投工投劳，清走塌方土石，临时恢复通行",
            "站员请村里挖机清理了塌方，在缺口处设了警示桩",
        ],
        "result": [
            "交通站现场勘查后纳入水毁修复计划，已砌好挡土墙，恢复通车",
            "已安排施工队清理塌方、加固路基，路面恢复通行",
        ],
        "explain": ["该路段需整体改线，已报县里列入明年农村公路建设项目，其间设了警示牌"],
    },
    "medical_policy": {
        "category": "policy",
        "office": "医保站",
        "ways": "st",
        "details": [
            "家里五口人，想知道今年每人交多少",
            "去年没交上，担心今年住院不能报销",
        ],
        "spot": [
            "当场讲清今年的缴费标准和截止日期，教会用手机缴费",
            "当场查了参保记录，告知去年已经足额缴纳",
        ],
        "station": [
            "站员联系村代办员上门代缴，一家人都已缴清",
            "站员把缴费标准和报销比例写成纸条送到户里",
        ],
        "result": ["医保站核实参保记录，已为其补办参保手续"],
    },
    "homestead": {
        "category": "dispute_land",
        "office": "国土所",
        "ways": "sto",
        "details": [
            "两家建房时没留滴水，现在一家要砌围墙，另一家不同意",
            "老屋拆了重建，邻居说新地基占了他家半米",
        ],
        "spot": ["当场找出两家早年写的协议，双方认可原来的界址"],
        "station": ["站员会同村调委会到现场丈量，双方签了界址协议"],
        "result": ["国土所调取宅基地审批档案，现场指界埋桩，双方签字认可"],
        "explain": ["双方对界址各执一词，调解不成，已告知可向乡政府申请确权或向法院起诉"],
    },
    "forest_boundary": {
        "category": "dispute_forest",
        "office": "林业站",
        "ways": "to",
        "major": True,
        "details": [
            "两个组争一片杉木林，年前有人砍了几棵树，双方差点动手",
            "林权证上的四至写得笼统，两边都说山是自己的",
        ],
        "station": ["站员和村调委会组织两个组的代表上山踏界，按老界碑重新划界，双方签字"],
        "result": ["林业站调出林权档案，会同司法所现场勘界，重新确定界址并埋设界桩"],
        "explain": ["林权争议需由县里调处机构处理，已帮助整理材料并讲清办理程序"],
    },
    "pension_policy": {
        "category": "policy",
        "office": "社保站",
        "ways": "st",
        "details": [
            "今年五十二岁，想知道现在开始交还划不划算",
            "想给在外打工的儿子也交上",
        ],
        "spot": ["当场讲解各缴费档次和领取标准，户主选定了档次"],
        "station": ["站员帮户主在手机上选好档次，完成了缴费"],
        "result": ["社保站核实缴费年限，告知可补缴的年份和金额"],
    },
    "subsidy_arrival": {
        "category": "policy",
        "office": "农业综合服务中心",
        "ways": "st",
        "details": [
            "往年五月就到账，今年还没收到",
            "一卡通存折上查不到这笔钱",
        ],
        "spot": ["当场查了一卡通发放记录，补贴上月已到账，是存折没有补登"],
        "station": ["站员联系乡财政所核对，补贴面积录错了，已更正并补发"],
        "result": ["农业综合服务中心核实承包面积后补录，补贴已补发到一卡通"],
    },
    "water_pipe": {
        "category": "infra_water",
        "office": "水利站",
        "ways": "to",
        "details": [
            "主管在屋后坡上冻裂了两处，自己接不上",
            "{group}有四五户都停了水，现在靠挑井水吃",
        ],
        "station": ["站员请村水管员上门换了裂管，当天恢复供水"],
        "result": ["水利站更换冻裂主管二十余米并加装保温层，已恢复供水"],
    },
    "street_lights": {
        "category": "suggestion",
        "office": "村镇建设办",
        "ways": "to",
        "details": [
            "路口是个急弯，晚上赶集回来看不清路",
            "老人晚上出门散步，去年冬天摔过一回",
        ],
        "station": ["站员把建议带到村两委会上，村里用公益事业经费装了两盏太阳能路灯"],
        "result": ["村镇建设办将该路口纳入亮化项目，已安装太阳能路灯两盏"],
        "explain": ["今年亮化项目指标已用完，已列入明年计划，先在路口加装了反光标志"],
    },
    "housing_policy": {
        "category": "help_housing",
        "office": "村镇建设办",
        "ways": "sto",
        "details": [
            "土木老屋墙体开裂，一家人还住在里面",
            "想知道自己家够不够条件，要准备哪些材料",
        ],
        "spot": ["当场讲清危房改造的对象条件和申请材料"],
        "station": ["站员帮户主写好申请，连同材料报到乡里"],
        "result": ["村镇建设办组织鉴定为C级危房，已纳入年度改造计划，补助资金按进度拨付"],
        "explain": ["经鉴定房屋为B级，不属于改造对象，已讲清加固维修的办法"],
    },
    "schooling": {
        "category": "help_schooling",
        "office": "中心学校",
        "ways": "sto",
        "details": [
            "孩子今年考上县一中，家里拿学费有困难",
            "父亲常年生病，家里主要靠母亲打零工",
        ],
        "spot": ["当场讲清国家助学金的申请条件，告知开学后向学校提交"],
        "station": ["站员帮忙开了家庭经济困难证明，送到了学校"],
        "result": ["中心学校核实后已将学生纳入助学金名单，第一期已发放"],
    },
    "training": {
        "category": "help_employment",
        "office": "社保站",
        "ways": "sto",
        "details": [
            "在家种田收入低，想学门手艺",
            "以前在工地干过电工，一直没有证",
        ],
        "spot": ["当场登记了报名信息，告知开班时间"],
        "station": ["站员把报名表送到乡社保站，已经报上名"],
        "result": ["社保站已将其列入本期电工培训班，培训合格后推荐就业"],
    },
    "river_bank": {
        "category": "infra_water",
        "office": "水利站",
        "ways": "o",
        "major": True,
        "details": [
            "垮了十来米，下面就是一片稻田和三户人家",
            "去年涨水时就冲松了，今年又垮了一截",
        ],
        "result": [
            "水利站组织抢险队用沙袋临时封堵，汛后用浆砌石修复了垮塌河堤",
            "已完成垮塌段河堤修复，并在险段设置水位观测桩",
        ],
        "explain": ["需列入县里河道治理项目，已上报，其间汛期安排专人巡查"],
    },
    "pig_sewage": {
        "category": "dispute_neighbours",
        "office": "司法所",
        "ways": "sto",
        "details": [
            "说了几次都没改，两家为这事吵过架",
            "田里秧苗发黄，怕影响收成",
        ],
        "spot": ["当场把两家叫到一起，养猪户答应挖沉淀池"],
        "station": ["站员和村调委会上门调解，养猪户修了化粪池，赔了秧苗损失"],
        "result": ["司法所组织调解，养猪户修建化粪池并赔偿损失，双方签订调解协议"],
    },
    "startup": {
        "category": "help_employment",
        "office": "社保站",
        "ways": "st",
        "details": [
            "在广东做了几年厨师，想回来开个农家乐",
            "想养一批土鸡，缺启动资金",
        ],
        "spot": ["当场讲了返乡创业担保贷款和补贴政策，给了申请表"],
        "station": ["站员陪同到乡社保站递交了创业担保贷款申请"],
        "result": ["社保站审核材料后推荐至县人社局，创业担保贷款已获批"],
    },
    "rice_subsidy": {
        "category": "policy",
        "office": "农业综合服务中心",
        "ways": "s",
        "details": ["今年种了十几亩双季稻"],
        "spot": ["当场讲清今年的种粮补贴标准和发放时间"],
    },
    "farm_road": {
        "category": "infra_road",
        "office": "交通站",
        "ways": "to",
        "details": [
            "坑洼很深，收割机开不进去",
            "路边涵管堵了，一下雨就漫水",
        ],
        "station": ["村里组织群众投工，填平了坑洼，疏通了涵管"],
        "result": ["交通站安排对机耕道进行平整并铺设碎石，收割机已能通行"],
    },
    "chronic_card": {
        "category": "help_medical",
        "office": "医保站",
        "ways": "sto",
        "details": [
            "老人有高血压和糖尿病，每个月都要买药",
            "卡过期以后买药不能报销了",
        ],
        "spot": ["当场讲清续办流程，告知带病历到卫生院复审"],
        "station": ["站员代为收齐病历材料，送到了医保站"],
        "result": ["医保站已为老人办理慢性病门诊续期，报销恢复"],
    },
    "forest_cert": {
        "category": "policy",
        "office": "林业站",
        "ways": "st",
        "details": [
            "父亲过世了，林权证上还是他的名字",
            "想把山转给弟弟经营",
        ],
        "spot": ["当场讲清林权变更要带的材料和办理地点"],
        "station": ["站员帮忙填好变更申请，送到了林业站"],
        "result": ["林业站已受理林权变更登记，新证办好后通知领取"],
    },
    "voltage": {
        "category": "infra_power",
        "office": "供电所",
        "ways": "to",
        "details": [
            "晚上电饭煲煮不熟饭，冰箱也启动不了",
            "{group}末端几户都一样，变压器离得远",
        ],
        "station": ["站员联系供电所电工来查看，更换了老化的接户线"],
        "result": ["供电所对{group}低压线路进行改造，新增一台变压器，电压已恢复正常"],
        "explain": ["需整村农网改造，已列入供电公司明年改造计划"],
    },
    "elder_support": {
        "category": "dispute_family",
        "office": "司法所",
        "ways": "to",
        "details": [
            "三兄弟都说自己出得多，老母亲现在没人管",
            "老人八十多岁了，轮流吃饭的约定没人遵守",
        ],
        "station": ["站员和村调委会开了家庭会，兄弟几个签了赡养协议，按月轮流照顾"],
        "result": ["司法所组织调解，兄弟达成赡养协议，明确每人每月生活费和轮养时间"],
        "explain": ["调解未成，已引导老人申请法律援助，通过诉讼主张赡养费"],
    },
    "land_cert": {
        "category": "policy",
        "office": "经管站",
        "ways": "st",
        "details": ["去年测量时户主在外地，不知道有没有登记上"],
        "spot": ["当场查了确权公示名单，告知证书本月下旬统一发放"],
        "station": ["站员向经管站核对，户主信息已登记，证书到后送上门"],
        "result": ["经管站核对确权信息，更正面积错误后已发证"],
    },
    "speed_bump": {
        "category": "suggestion",
        "office": "交通站",
        "ways": "to",
        "details": [
            "放学时车开得快，前些天有个孩子差点被撞",
            "校门口是个下坡，没有任何标志",
        ],
        "station": ["站员把建议报给村里，联系派出所在上下学时段安排护学"],
        "result": ["交通站在学校门口路段安装了减速带和警示标志"],
    },
    "hukou": {
        "category": "policy",
        "office": "派出所",
        "ways": "st",
        "details": [
            "女儿嫁到外省，户口要迁出去",
            "身份证丢了，下个月要出门打工",
        ],
        "spot": ["当场讲清迁移和补办要带的材料，告知派出所办证时间"],
        "station": ["站员帮户主预约了派出所办证窗口"],
        "result": ["派出所已办结户口迁移手续，身份证补办完成"],
    },
    "pond": {
        "category": "infra_water",
        "office": "水利站",
        "ways": "to",
        "details": [
            "塘坝渗水蓄不住水，下游二十多亩田靠它灌溉",
            "塘底淤泥很厚，好多年没清过",
        ],
        "station": ["村里组织受益户投工清淤，站员争取了一批水泥修补渗漏"],
        "result": ["水利站将该塘纳入小型水利设施维修项目，已完成清淤和坝体防渗"],
        "explain": ["今年山塘整治指标已满，已列入明年计划"],
    },
    "agri_training": {
        "category": "suggestion",
        "office": "农业综合服务中心",
        "ways": "to",
        "details": ["村里种烤烟和油茶的多，技术跟不上"],
        "station": ["站员联系农技员到村部讲了一堂烤烟病虫害防治课"],
        "result": ["农业综合服务中心在村部举办了一期油茶种植技术培训"],
    },
    "ditch": {
        "category": "infra_water",
        "office": "村镇建设办",
        "ways": "t",
        "details": [
            "一下大雨污水就漫到屋里",
            "沟里垃圾堆了好久没人清",
        ],
        "station": ["站员请村保洁员和几户邻居一起疏通了排水沟"],
    },
    "field_encroach": {
        "category": "dispute_land",
        "office": "国土所",
        "ways": "sto",
        "details": [
            "邻居修田埂时往自家田里挪了一尺多",
            "为这事两家已经好几年不说话",
        ],
        "spot": ["当场对照承包合同，邻居认了，答应恢复田埂"],
        "station": ["站员会同村调委会实地丈量，恢复了原田埂，两家握手言和"],
        "result": ["国土所根据确权数据现场指界，双方签订调解协议"],
        "explain": ["双方都拿不出原始凭证，调解不成，已告知可申请农村土地承包仲裁"],
    },
    "straw": {
        "category": "policy",
        "office": "农业综合服务中心",
        "ways": "s",
        "details": [],
        "spot": ["当场讲了秸秆还田和打捆回收的办法，留了回收点电话"],
    },
    "temp_relief": {
        "category": "help_medical",
        "office": "民政办",
        "ways": "to",
        "details": [
            "家人在省城住院，自付部分已经十几万",
            "欠了亲戚不少钱，孩子还在读书",
        ],
        "station": ["站员帮户主收集住院票据，写好申请报到乡里"],
        "result": [
            "民政办审核后按程序给予临时救助，救助金已打卡发放",
            "民政办入户核实后落实临时救助，并协助申请大病医疗救助",
        ],
    },
    "industry_aid": {
        "category": "policy",
        "office": "农业综合服务中心",
        "ways": "st",
        "details": ["想养几头牛，不知道能补多少"],
        "spot": ["当场讲清产业帮扶奖补标准，约好下周上门核实"],
        "station": ["站员帮户主填报产业发展计划，报到乡里备案"],
        "result": ["农业综合服务中心已核实养殖规模，奖补资金已兑现"],
    },
    "public_job": {
        "category": "help_employment",
        "office": "社保站",
        "ways": "to",
        "details": [
            "身体不好出不了远门，想在家门口找点事做",
            "家里有老人要照顾，走不开",
        ],
        "station": ["站员把情况报到村里，推荐担任村里的保洁员"],
        "result": ["社保站已将其安排为护林员公益性岗位，每月发放岗位补贴"],
        "explain": ["本年度公益性岗位已满，已列入候补名单，有空缺优先安排"],
    },
    "dibao_review": {
        "category": "help_subsistence",
        "office": "民政办",
        "ways": "sto",
        "details": [
            "去年底交了复核材料，一直没有消息",
            "老伴去世后家里只剩一个人",
        ],
        "spot": ["当场查了复核进度，告知已通过，下月起继续发放"],
        "station": ["站员打电话问了乡民政办，把复核结果告知户主"],
        "result": ["民政办完成入户核查，复核通过，保障金按月发放"],
        "explain": ["经入户核查，家庭收入超过保障标准，低保停发，已讲清政策和申诉渠道"],
    },
    "dibao_missing": {
        "category": "help_subsistence",
        "office": "民政办",
        "ways": "sto",
        "details": [
            "以前每月十号前到账，这个月过了二十号还没有",
            "家里就靠这笔钱买药",
        ],
        "spot": ["当场查了发放名单，是银行卡换了新卡，告知去信用社激活"],
        "station": ["站员陪户主到信用社查询，账户被冻结，已协助解冻"],
        "result": ["民政办核查发现卡号录入有误，已更正并补发当月低保金"],
    },
    "dibao_policy": {
        "category": "help_subsistence",
        "office": "民政办",
        "ways": "s",
        "details": [],
        "spot": ["当场讲清家庭收入的核算办法，告知收入有变化要主动申报"],
    },
    "wubao_policy": {
        "category": "help_subsistence",
        "office": "民政办",
        "ways": "s",
        "details": [],
        "spot": ["当场讲清今年的分散供养标准和发放时间"],
    },
    "nursing_home": {
        "category": "help_subsistence",
        "office": "民政办",
        "ways": "to",
        "details": [
            "一个人住在山上，生火做饭越来越吃力",
            "去年冬天摔了一跤，两天后才被邻居发现",
        ],
        "station": ["站员陪老人到敬老院看了环境，帮忙提出入住申请"],
        "result": ["民政办审核后已安排老人入住乡敬老院"],
    },
    "roof_leak": {
        "category": "help_housing",
        "office": "民政办",
        "ways": "to",
        "details": [
            "下雨时床上都要放盆接水",
            "屋顶十几片瓦碎了，檩条也有些朽了",
        ],
        "station": ["站员和村里几位党员上门翻盖屋顶，换了碎瓦"],
        "result": ["民政办落实修缮资金，已请工匠更换檩条和瓦片"],
    },
    "land_compensation": {
        "category": "petition",
        "office": "综治信访办",
        "ways": "o",
        "major": True,
        "details": [
            "当年修公路征了两亩田，说好的补偿只拿到一半",
            "同组还有几户情况一样，想一起反映",
        ],
        "result": ["综治信访办会同国土所调阅征地档案，差额补偿款已补发到位"],
        "explain": ["经查当年补偿已按标准足额兑付，已把档案和发放凭证给群众看过，并作了解释"],
    },
    "forest_again": {
        "category": "dispute_forest",
        "office": "林业站",
        "ways": "o",
        "details": [
            "认为上次划界偏向对方，界桩后来被人挪过",
            "对方又在争议山上栽了树",
        ],
        "result": ["林业站会同司法所重新踏界，查明界桩被移动，恢复原界桩并签订协议"],
        "explain": ["复查认定原处理依据充分，已向当事人逐条解释，告知可申请行政复议"],
    },
    "accounts": {
        "category": "petition",
        "office": "经管站",
        "ways": "o",
        "details": [
            "组里卖杉木的钱几年没公布过账",
            "好几户都说不清钱花到哪里去了",
        ],
        "result": ["经管站对该组近三年账目进行审计，已在组里张榜公布收支明细"],
    },
    "party_study": {
        "category": "suggestion",
        "office": None,
        "ways": "t",
        "details": ["希望讲讲今年的惠农政策"],
        "station": ["站里和村党支部在村部组织了一次党员学习会"],
    },
    "veteran_subsidy": {
        "category": "policy",
        "office": "民政办",
        "ways": "s",
        "details": [],
        "spot": ["当场讲清老干部生活补贴的发放对象和标准"],
    },
    "road_advice": {
        "category": "suggestion",
        "office": "交通站",
        "ways": "t",
        "details": ["建议路面加宽到四米半，急弯处装护栏"],
        "station": ["站员把建议带到村民代表会上讨论，修路方案已采纳加装护栏"],
    },
    "boarding": {
        "category": "help_schooling",
        "office": "中心学校",
        "ways": "sto",
        "details": ["孩子上小学四年级，奶奶年纪大了接送不了"],
        "spot": ["当场打电话问了中心学校，告知四年级以上可以申请寄宿"],
        "station": ["站员陪奶奶到学校办好了寄宿手续"],
        "result": ["中心学校已安排孩子寄宿，并落实寄宿生生活补助"],
    },
    "disability_subsidy": {
        "category": "help_subsistence",
        "office": "民政办",
        "ways": "sto",
        "details": ["残疾证去年就办下来了，一直没领过补贴"],
        "spot": ["当场讲清两项补贴的申领条件，告知带残疾证和户口簿办理"],
        "station": ["站员帮户主在手机上提交了两项补贴申请"],
        "result": ["民政办审核通过，残疾人两项补贴已按月发放"],
    },
    "disability_review": {
        "category": "help_medical",
        "office": "民政办",
        "ways": "to",
        "details": ["这两年病情加重，现在的等级和实际不符"],
        "station": ["站员帮忙预约了县里的评残时间"],
        "result": ["民政办联系县残联安排重新评定，已换发新残疾证"],
    },
    "wheelchair": {
        "category": "help_medical",
        "office": "民政办",
        "ways": "to",
        "details": ["腿脚越来越不方便，出门全靠家人背"],
        "station": ["站员联系县残联辅具中心，轮椅已送到家中"],
        "result": ["民政办向县残联申领了轮椅，已送货上门"],
    },
    "land_transfer": {
        "category": "policy",
        "office": "经管站",
        "ways": "st",
        "details": ["{group}有几户常年在外，田荒着"],
        "spot": ["当场讲清土地流转合同的签订和备案办法"],
        "station": ["站员牵线与{group}几户签了流转意向"],
        "result": ["经管站已为流转合同办理备案"],
    },
    "family_farm": {
        "category": "policy",
        "office": "农业综合服务中心",
        "ways": "s",
        "details": [],
        "spot": ["当场讲清家庭农场的认定条件和登记流程"],
    },
    "donate_road": {
        "category": "suggestion",
        "office": "交通站",
        "ways": "t",
        "details": [],
        "station": ["站员把捐资意向报告村委会，纳入{group}修路筹资方案"],
    },
}

# Which topic a visit's "asked" phrase (ASKED_COMMON, ASKED_BY_TAG) raises.
# Phrases not listed here raise no concern in the demo.
ASKED_TOPICS = {
    "反映{group}组级公路塌方，雨天车子过不去": "road_collapse",
    "咨询城乡居民医保缴费标准和截止时间": "medical_policy",
    "邻里宅基地界址有争议，请站里出面调解": "homestead",
    "反映和邻组的山林界址不清，起了纠纷": "forest_boundary",
    "咨询城乡居民养老保险缴费档次": "pension_policy",
    "询问耕地地力保护补贴什么时候到账": "subsidy_arrival",
    "反映自来水管冻裂，家里断水两天": "water_pipe",
    "希望在{group}路口装两盏路灯": "street_lights",
    "咨询危房改造补助的申请条件": "housing_policy",
    "询问孩子上高中能不能申请助学金": "schooling",
    "想参加县人社局组织的电工培训": "training",
    "反映河堤有一段垮了，汛期有隐患": "river_bank",
    "反映邻居家养猪的污水流进自家田里": "pig_sewage",
    "咨询返乡创业有什么扶持政策": "startup",
    "询问水稻种植补贴标准": "rice_subsidy",
    "反映{group}的机耕道需要修整": "farm_road",
    "老人慢性病卡到期，问怎么续办": "chronic_card",
    "咨询林权证变更手续": "forest_cert",
    "反映电压不稳，晚上灯发暗": "voltage",
    "兄弟之间赡养老人有分歧，请求调解": "elder_support",
    "询问土地确权证什么时候发": "land_cert",
    "反映村小学门口路段没有减速带": "speed_bump",
    "咨询户口迁移和补办身份证": "hukou",
    "反映{group}水塘年久失修，灌溉不够用": "pond",
    "希望村里组织一次农技培训": "agri_training",
    "反映屋门口排水沟堵塞": "ditch",
    "家里田被邻居占了一角，请求调处": "field_encroach",
    "询问秸秆禁烧以后怎么处理稻草": "straw",
    "家人住院花费大，申请临时救助": "temp_relief",
    "询问产业帮扶资金怎么申请": "industry_aid",
    "希望安排一个公益性岗位": "public_job",
    "询问低保复核进度": "dibao_review",
    "这个月低保金没到账": "dibao_missing",
    "家里收入有变化，问低保会不会受影响": "dibao_policy",
    "询问五保供养金标准": "wubao_policy",
    "想住进乡敬老院": "nursing_home",
    "房子漏雨，请求帮忙修补": "roof_leak",
    "反映多年前征地补偿款没有足额发放": "land_compensation",
    "对上次山林纠纷的处理结果不满意，要求再协调": "forest_again",
    "反映组里账目不公开": "accounts",
    "老党员希望组织一次学习活动": "party_study",
    "询问老干部生活补贴标准": "veteran_subsidy",
    "对村里修路提了几条建议": "road_advice",
    "孩子父母在外务工，询问学校能否寄宿": "boarding",
    "询问残疾人两项补贴怎么领": "disability_subsidy",
    "申请残疾等级重新评定": "disability_review",
    "想申请一辆轮椅": "wheelchair",
    "想扩大油茶种植面积，咨询土地流转": "land_transfer",
    "想办家庭农场，问注册手续": "family_farm",
    "愿意为{group}修路出一部分钱": "donate_road",
}

# Concerns that reached the township directly (a call, a letter, someone at
# the township government's door), entered by township staff: (category,
# office, what was raised, the office's result, or None if it may also end
# explained, with the explanation).
DIRECT_CONCERNS = [
    (
        "dispute_other",
        "派出所",
        "群众来电反映{group}后山有人夜里偷砍杉木，已经砍了十几棵",
        "派出所会同林业站查处，已责令补种并依法处理",
        None,
    ),
    (
        "suggestion",
        "卫生院",
        "群众来电反映村卫生室医生经常不在岗，看个感冒也要跑到乡里",
        "卫生院已调整村医坐诊时间并在卫生室门口公示",
        None,
    ),
    (
        "dispute_other",
        "司法所",
        "两户合伙买的旋耕机用坏了，为修理费起了争执，到乡政府要求处理",
        "司法所组织调解，双方按出资比例分摊修理费，签订调解协议",
        None,
    ),
    (
        "help_housing",
        "国土所",
        "群众到乡政府反映{group}屋后山体开裂，下雨时有碎石滚落，怕滑坡",
        "国土所组织地质灾害排查，受威胁的两户已临时搬迁，设立了监测点",
        None,
    ),
    (
        "help_employment",
        "社保站",
        "群众来信反映在县城工地务工被拖欠三个月工资，老板联系不上",
        "社保站协调县劳动监察部门处理，拖欠工资已结清",
        None,
    ),
    (
        "infra_water",
        "卫生院",
        "群众来电反映{group}自来水浑浊，有股怪味",
        "卫生院取样送检，水源受雨水污染，已清洗水池并加装过滤设施",
        None,
    ),
    (
        "petition",
        "综治信访办",
        "群众到乡政府反映十年前的退耕还林补助没有领到",
        None,
        "经核查该地块当年未列入退耕还林范围，已调出档案当面解释",
    ),
    (
        "infra_power",
        "供电所",
        "群众来电反映{group}一根电杆被大风刮斜，电线垂到离地不到两米",
        "供电所当天派人扶正电杆、收紧线路，排除了隐患",
        None,
    ),
]

# What a reception that raised a concern says of how it was handled, by the
# way the concern went (solved on the spot: what was done).
HANDLED_BY_WAY = {
    "station": ["登记在册，由工作站跟进办理", "约好和村干部一起到现场查看"],
    "dispute": ["已联系村调委会，约双方到站里调解", "登记后约好到现场调解"],
    "township": ["登记后报乡里批办，转乡{office}办理", "登记后转乡{office}，按期答复"],
}

# Notes on the moves of a concern.
ESCALATE_NOTES = [
    "站里协调不了，报乡里批办",
    "涉及资金，需要乡里统筹",
    "需要业务站所到现场核实",
    "调解没有谈拢，报乡里处理",
]
ASSIGN_NOTES = [
    "",
    "",
    "请按期办结并反馈工作站",
    "请先到现场核实情况",
    "群众反映较急，请优先办理",
]
REASSIGN_NOTES = [
    "不属于原承办站所职责，改由{office}办理",
    "经现场核实需由{office}牵头办理",
]
REOPEN_NOTES = {
    "dispute": [
        "对方没有按协议执行，户主要求再协调",
        "户主认为调解协议没有落实到位",
    ],
    "other": [
        "户主认为问题没有彻底解决，要求再处理",
        "户主说办理结果和当初的答复不一样",
        "过了一个月问题又出现了",
    ],
}
MEDIATION_NOTES = {
    "succeeded": [
        "双方当面达成协议并签字",
        "多次上门做工作，双方各让一步",
    ],
    "failed": [
        "双方分歧较大，一方不愿到场",
        "一方坚持要求赔偿，调解未成",
    ],
    "referred": [
        "超出村级调解范围，移交乡里处理",
        "引导当事人通过诉讼解决",
    ],
}
PETITION_NOTES = {
    "lodged": ["站员代为整理材料，递交乡综治信访办"],
    "accepted": ["信访办已受理，登记后转相关站所核查"],
    "answered": ["收到书面答复意见，已转交群众"],
}
FEEDBACK_NOTES = {
    "in_person": ["上门把办理结果讲给户主听", "在户主家当面反馈", ""],
    "phone": ["电话告知办理结果", ""],
    "notice": ["书面告知书已送达", ""],
}
EXPLAIN_NOTES = ["按现行政策暂时解决不了，已当面向户主讲清原因"]
