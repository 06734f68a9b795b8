"""Texts of the demo county's meetings, practical deeds and vote rounds (see demo_work).

Written for 隆回县 from the kinds of facts the station reports give (road
hardening, drinking-water pipes, oil-tea planting, policy talks, dispute
screening, festival visits to hardship households); no sentence is copied.
``{group}`` is filled with one of the village's groups.
"""

# Where in the village a meeting is held.
MEETING_PLACES = {
    "hall": ["村部会议室", "村综合服务中心二楼会议室", "村级活动中心"],
    "group": ["{group}晒谷坪", "{group}组长家堂屋", "{group}老祠堂"],
    "night": ["{group}组长家堂屋", "村部会议室", "{group}活动室"],
    "patrol": ["村部出发，沿主干道至{group}", "{group}至村小一带", "河堤及{group}山塘一带"],
}

# Per meeting kind: where (a key of MEETING_PLACES), how many villagers come,
# the topics (one is picked) and the notes (one, sometimes two, are joined).
MEETINGS = {
    "education": {
        "where": ("hall", "group"),
        "villagers": (25, 80),
        "topics": [
            "宣讲城乡居民医保缴费政策和门诊报销办法",
            "讲解耕地保护和农村建房审批新规定",
            "宣传森林防火和冬春季野外用火禁令",
            "讲解防范电信诈骗和养老诈骗的常见手法",
            "宣讲产业奖补政策，介绍油茶、金银花种植补助",
            "讲解防汛避险常识和转移路线",
            "宣传移风易俗，倡导红白喜事从简",
        ],
        "notes": [
            "发放政策明白卡{n}份，现场解答群众提问十余个。",
            "不少老人关心报销比例，会后逐户留了站员电话。",
            "请乡卫生院医生一起讲解，群众听得认真。",
            "会后有群众反映{group}缺少宣传栏，已记录。",
            "用本地话讲，配了案例，群众反映听得懂。",
        ],
    },
    "appraisal": {
        "where": ("hall",),
        "villagers": (20, 50),
        "topics": [
            "群众评议工作站半年工作和站员履职情况",
            "评议低保、特困对象认定是否公开公平",
            "评议上半年为民办实事项目完成情况",
            "评议驻村干部入户走访和结对帮扶情况",
        ],
        "notes": [
            "发放测评表{n}份，收回后当场统计，满意率较高。",
            "有群众提出站员值班日有时找不到人，已要求改进。",
            "对{group}道路项目进度提了意见，站长表示限期答复。",
            "群众代表逐项打分，结果在村务公开栏公示。",
        ],
    },
    "fellowship": {
        "where": ("group", "hall"),
        "villagers": (20, 60),
        "topics": [
            "春节前走访慰问困难户、五保户座谈",
            "重阳节看望老人，开展敬老座谈",
            "和在家留守妇女座谈产业和务工打算",
            "与返乡青年座谈，介绍创业扶持政策",
            "与{group}群众一起清理沟渠后座谈",
        ],
        "notes": [
            "送去米、油和慰问金，挨家问了身体和生活情况。",
            "干部和群众一起动手，边干边聊，气氛融洽。",
            "有返乡青年想搞黄桃种植，已约农技员上门指导。",
            "座谈中了解到两户子女不在身边的老人需要照看，已纳入重点走访。",
        ],
    },
    "heart_to_heart": {
        "where": ("group", "night"),
        "villagers": (10, 35),
        "topics": [
            "围绕{group}通组公路硬化听取群众意见",
            "就山林界址纠纷与双方当事人恳谈",
            "就自来水管网延伸到{group}征求意见",
            "就土地流转种植油茶与农户恳谈",
            "听取群众对村级集体经济项目的想法",
        ],
        "notes": [
            "群众意见集中在出资方式和施工时间，已汇总上报。",
            "双方当面把话讲开，约定下周一起到现场勘界。",
            "大多数农户同意按人口筹资投劳，剩余几户会后再做工作。",
            "有村民担心流转租金兑现，已请乡农经站解释合同条款。",
        ],
    },
    "concern_analysis": {
        "where": ("hall",),
        "villagers": (3, 12),
        "topics": [
            "梳理本季度走访收集的民情，逐条分析办理情况",
            "分析本季度矛盾纠纷排查情况，研究化解办法",
            "汇总群众反映的道路、饮水、用电问题，排出办理顺序",
            "分析低保、医保方面的集中诉求，明确责任站员",
        ],
        "notes": [
            "本季度收集民情{n}条，已办结大部分，其余明确了办结时限。",
            "排查出矛盾纠纷几起，其中一起需乡司法所介入。",
            "对超期未办的事项逐条点名，责任人当场说明原因。",
            "组长和群众代表列席，补充反映了{group}的两个问题。",
        ],
    },
    "night_study": {
        "where": ("night",),
        "villagers": (10, 30),
        "topics": [
            "夜学：油茶低产林改造技术",
            "夜学：学习新修订的村规民约",
            "夜学：农村电商和农产品网上销售",
            "夜学：家庭医生签约服务怎么用",
        ],
        "notes": [
            "请县林业局技术员讲课，群众带着问题来问。",
            "晚上农忙结束后学习，到的人比白天多。",
            "现场演示手机下单、发货，年轻人学得快。",
        ],
    },
    "night_patrol": {
        "where": ("patrol",),
        "villagers": (0, 6),
        "topics": [
            "夜巡：汛期山塘、河堤巡查",
            "夜巡：防火防盗巡查",
            "夜巡：春节前安全巡查",
        ],
        "notes": [
            "巡查未发现险情，提醒临河住户夜间注意水位。",
            "发现一处电线老化，已告知供电所次日处理。",
            "联防队员和站员一起巡查，沿途提醒关好门窗。",
        ],
    },
    "night_talk": {
        "where": ("night",),
        "villagers": (5, 20),
        "topics": [
            "夜谈：{group}群众拉家常、听心声",
            "夜谈：在外务工人员返乡后的打算",
            "夜谈：留守老人、儿童的照看问题",
        ],
        "notes": [
            "大家围着火塘聊，说了不少平时不好开口的事。",
            "记下了三件需要跟进的小事，已分给结对干部。",
            "群众说晚上来谈不耽误干活，希望多搞几次。",
        ],
    },
}

# Practical deeds per category: (what, yuan raised low–high, people helped low–high).
# A deed for one household (category "household") helps its members.
DEEDS = {
    "road": [
        ("{group}通组公路硬化{m}米", (60_000, 260_000), (60, 240)),
        ("修复{group}被雨水冲毁的机耕道", (8_000, 30_000), (30, 120)),
        ("{group}入户便道硬化", (15_000, 50_000), (20, 80)),
        ("为村主干道加装太阳能路灯{k}盏", (20_000, 60_000), (200, 600)),
    ],
    "water": [
        ("{group}饮水管网延伸，新铺管道{m}米", (30_000, 120_000), (40, 160)),
        ("维修{group}山塘渗漏，清淤加固", (10_000, 40_000), (30, 100)),
        ("为{group}新打饮水井一口", (8_000, 20_000), (20, 60)),
        ("疏通{group}灌溉渠道", (3_000, 12_000), (40, 150)),
    ],
    "power": [
        ("协调供电所改造{group}老旧线路", (0, 0), (50, 200)),
        ("为{group}新增变压器，解决电压低问题", (0, 20_000), (60, 220)),
    ],
    "training": [
        ("举办油茶种植技术培训班", (2_000, 8_000), (30, 90)),
        ("组织农村电商培训", (1_000, 5_000), (20, 60)),
        ("举办厨师、电工职业技能培训", (3_000, 10_000), (20, 50)),
    ],
    "household": [
        ("帮助困难户修缮危房屋顶", (5_000, 20_000), None),
        ("为五保老人购置冬衣、棉被和取暖器", (500, 2_000), None),
        ("帮助困难家庭学生申请助学金", (0, 3_000), None),
        ("协助残疾人家庭申办两项补贴", (0, 0), None),
        ("帮助农户联系销路，卖出积压的黄桃", (0, 0), None),
    ],
    "other": [
        ("{group}环境卫生整治，清理垃圾{k}车", (2_000, 8_000), (50, 200)),
        ("建成村级农家书屋", (10_000, 30_000), (100, 400)),
        ("为{group}安装公共垃圾箱{k}个", (3_000, 10_000), (40, 150)),
    ],
}
# How often each category is done.
DEED_WEIGHTS = {"road": 24, "water": 22, "power": 8, "training": 12, "household": 24, "other": 10}

# The one vote round: what the masses named, with a share of the voters.
VOTE_TITLE = "{year}年度群众满意度测评"
VOTE_ITEMS = {
    "most": [
        ("通组公路硬化", 0.46),
        ("饮水管网延伸入户", 0.38),
        ("干部值班有人、办事有回音", 0.27),
        ("困难户危房改造", 0.19),
    ],
    "least": [
        ("部分路段路灯不亮", 0.14),
        ("医保报销办理跑腿多", 0.11),
        ("垃圾清运不及时", 0.08),
    ],
}
