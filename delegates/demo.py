# ruff: noqa: E501  (the demo tables read best one record per line)
"""Demo council of Lào Cai province: terms XV and XVI, bodies, constituencies, 55 delegates.

Deterministic and idempotent: every person has a stable key, every write goes through
`services.upsert_*`, which leaves unchanged rows alone, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import io

from . import services
from .models import Body, Membership

D = datetime.date
XV_START, XV_END = D(2016, 6, 25), D(2021, 6, 24)
XVI_START = D(2021, 6, 25)
RESHUFFLE = D(2023, 10, 13)  # mid-term change of the council's leadership

DISTRICTS = [
    "Thành phố Lào Cai",
    "Thị xã Sa Pa",
    "Bát Xát",
    "Mường Khương",
    "Si Ma Cai",
    "Bắc Hà",
    "Bảo Thắng",
    "Bảo Yên",
    "Văn Bàn",
]

# number -> (district, area); the same map is used for both terms.
CONSTITUENCIES = {
    1: ("Thành phố Lào Cai", "Các phường Cốc Lếu, Kim Tân, Duyên Hải, Lào Cai, Phố Mới"),
    2: ("Thành phố Lào Cai", "Các phường Bắc Cường, Nam Cường, Bình Minh, Pom Hán, Xuân Tăng"),
    3: ("Thị xã Sa Pa", "Các phường Sa Pa, Cầu Mây, Hàm Rồng và các xã thuộc thị xã Sa Pa"),
    4: ("Bát Xát", "Thị trấn Bát Xát và các xã Quang Kim, Bản Qua, Bản Vược, Cốc Mỳ"),
    5: ("Bát Xát", "Các xã Y Tý, A Lù, A Mú Sung, Ngải Thầu, Trịnh Tường, Dền Sáng"),
    6: ("Mường Khương", "Thị trấn Mường Khương và các xã thuộc huyện Mường Khương"),
    7: ("Si Ma Cai", "Thị trấn Si Ma Cai và các xã thuộc huyện Si Ma Cai"),
    8: ("Bắc Hà", "Thị trấn Bắc Hà và các xã Na Hối, Tà Chải, Bản Phố, Lùng Phình"),
    9: ("Bắc Hà", "Các xã Bảo Nhai, Cốc Ly, Nậm Mòn, Bản Liền, Nậm Đét"),
    10: ("Bảo Thắng", "Thị trấn Phố Lu, thị trấn Tằng Loỏng và các xã phía bắc huyện"),
    11: ("Bảo Thắng", "Thị trấn Nông trường Phong Hải và các xã phía nam huyện Bảo Thắng"),
    12: ("Bảo Yên", "Thị trấn Phố Ràng và các xã Yên Sơn, Lương Sơn, Xuân Thượng"),
    13: ("Bảo Yên", "Các xã Bảo Hà, Kim Sơn, Cam Cọn, Tân Dương, Điện Quan"),
    14: ("Văn Bàn", "Thị trấn Khánh Yên và các xã Sơn Thủy, Võ Lao, Khánh Yên Hạ"),
    15: ("Văn Bàn", "Các xã Minh Lương, Nậm Xây, Nậm Chày, Dương Quỳ, Thẩm Dương"),
}

COMMITTEES = [
    ("phap_che", "Ban Pháp chế", "PC"),
    ("ktns", "Ban Kinh tế – Ngân sách", "KTNS"),
    ("vhxh", "Ban Văn hóa – Xã hội", "VHXH"),
    ("dan_toc", "Ban Dân tộc", "DT"),
]

EDUCATION = [
    "Thạc sĩ Luật",
    "Cử nhân Kinh tế",
    "Thạc sĩ Quản lý kinh tế",
    "Kỹ sư Nông nghiệp",
    "Cử nhân Sư phạm",
    "Bác sĩ chuyên khoa I",
    "Cử nhân Hành chính",
    "Tiến sĩ Kinh tế",
]
THEORY = ["Cao cấp", "Cao cấp", "Trung cấp", "Cao cấp", "Sơ cấp", "Trung cấp"]

# key: (full name, gender, birth year, ethnicity, occupation, workplace)
PEOPLE = {
    "LC-0001": ("Trần Quang Vinh", "male", 1966, "Kinh", "Phó Bí thư Tỉnh ủy", "Tỉnh ủy Lào Cai"),
    "LC-0002": ("Phạm Thị Mai Lan", "female", 1973, "Kinh", "Trưởng Ban Kinh tế – Ngân sách", "HĐND tỉnh Lào Cai"),
    "LC-0003": ("Đỗ Mạnh Hùng", "male", 1980, "Kinh", "Phó Trưởng Ban Pháp chế", "HĐND tỉnh Lào Cai"),
    "LC-0004": ("Hoàng Thị Thanh Tâm", "female", 1985, "Tày", "Giáo viên", "Trường THPT số 1 thành phố Lào Cai"),
    "LC-0005": ("Nguyễn Văn An", "male", 1970, "Kinh", "Trưởng Ban Pháp chế", "HĐND tỉnh Lào Cai"),
    "LC-0006": ("Vũ Thị Ngọc Ánh", "female", 1982, "Kinh", "Giám đốc", "Sở Tư pháp tỉnh Lào Cai"),
    "LC-0007": ("Bùi Đức Thịnh", "male", 1977, "Kinh", "Giám đốc", "Công ty cổ phần Khoáng sản Lào Cai"),
    "LC-0008": ("Lưu Thị Hạnh", "female", 1979, "Kinh", "Bác sĩ", "Bệnh viện Đa khoa tỉnh Lào Cai"),
    "LC-0009": ("Giàng Seo Chứ", "male", 1975, "H'Mông", "Phó Chủ tịch HĐND tỉnh", "HĐND tỉnh Lào Cai"),
    "LC-0010": ("Tẩn Thị Sử", "female", 1988, "Dao", "Bí thư Đoàn xã", "Xã Tả Van, thị xã Sa Pa"),
    "LC-0011": ("Tẩn Láo Lở", "male", 1981, "Dao", "Chủ tịch UBND thị xã", "UBND thị xã Sa Pa"),
    "LC-0012": ("Nguyễn Thị Thu Trang", "female", 1984, "Kinh", "Giám đốc", "Trung tâm Xúc tiến Du lịch tỉnh"),
    "LC-0013": ("Lồ Thị Thủy", "female", 1978, "Giáy", "Trưởng Ban Văn hóa – Xã hội", "HĐND tỉnh Lào Cai"),
    "LC-0014": ("Chảo Văn Lâm", "male", 1971, "Dao", "Trưởng Ban Dân tộc", "HĐND tỉnh Lào Cai"),
    "LC-0015": ("Phàn Thị Mẩy", "female", 1990, "Dao", "Nông dân", "Xã Bản Qua, huyện Bát Xát"),
    "LC-0016": ("Trần Văn Định", "male", 1976, "Kinh", "Bí thư Huyện ủy", "Huyện ủy Bát Xát"),
    "LC-0017": ("Vương Thị Hà", "female", 1983, "Giáy", "Phó Trưởng Ban Văn hóa – Xã hội", "HĐND tỉnh Lào Cai"),
    "LC-0018": ("Ly A Dờ", "male", 1979, "Hà Nhì", "Chủ tịch UBND xã", "Xã Y Tý, huyện Bát Xát"),
    "LC-0019": ("Đinh Quang Huy", "male", 1974, "Kinh", "Chỉ huy trưởng", "Bộ Chỉ huy Quân sự tỉnh Lào Cai"),
    "LC-0020": ("Lùng Văn Chư", "male", 1972, "Nùng", "Bí thư Huyện ủy", "Huyện ủy Mường Khương"),
    "LC-0021": ("Vàng Thị Dua", "female", 1987, "H'Mông", "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện", "Huyện Mường Khương"),
    "LC-0022": ("Nông Văn Tiến", "male", 1977, "Nùng", "Phó Trưởng Ban Dân tộc", "HĐND tỉnh Lào Cai"),
    "LC-0023": ("Hoàng Thị Lan", "female", 1981, "Nùng", "Hiệu trưởng", "Trường PTDTBT THCS xã Pha Long"),
    "LC-0024": ("Thào Seo Sử", "male", 1976, "H'Mông", "Chủ tịch UBND huyện", "UBND huyện Si Ma Cai"),
    "LC-0025": ("Giàng Thị Mỷ", "female", 1989, "H'Mông", "Y sĩ", "Trạm Y tế xã Sán Chải, huyện Si Ma Cai"),
    "LC-0026": ("Lê Minh Tuấn", "male", 1978, "Kinh", "Giám đốc", "Công an tỉnh Lào Cai"),
    "LC-0027": ("Lù Văn Pao", "male", 1975, "Phù Lá", "Bí thư Đảng ủy xã", "Xã Bản Liền, huyện Bắc Hà"),
    "LC-0028": ("Ma Thị Ngần", "female", 1980, "Tày", "Phó Trưởng Ban Kinh tế – Ngân sách", "HĐND tỉnh Lào Cai"),
    "LC-0029": ("Vàng Seo Sử", "male", 1983, "H'Mông", "Chủ tịch UBND huyện", "UBND huyện Bắc Hà"),
    "LC-0030": ("Đào Thị Hải Yến", "female", 1986, "Kinh", "Phó Giám đốc", "Sở Giáo dục và Đào tạo tỉnh Lào Cai"),
    "LC-0031": ("Hầu Seo Páo", "male", 1979, "H'Mông", "Trưởng thôn", "Thôn Sín Chải, xã Tả Văn Chư"),
    "LC-0032": ("Nguyễn Hữu Thể", "male", 1969, "Kinh", "Giám đốc", "Sở Tài chính tỉnh Lào Cai"),
    "LC-0033": ("Lục Thị Hoa", "female", 1984, "Tày", "Giáo viên", "Trường Tiểu học thị trấn Bắc Hà"),
    "LC-0034": ("Lê Thị Thu Hương", "female", 1972, "Kinh", "Chủ tịch HĐND tỉnh", "HĐND tỉnh Lào Cai"),
    "LC-0035": ("Phạm Văn Tuấn", "male", 1975, "Kinh", "Bí thư Huyện ủy", "Huyện ủy Bảo Thắng"),
    "LC-0036": ("Lương Thị Nga", "female", 1983, "Tày", "Phó Giám đốc", "Sở Lao động – Thương binh và Xã hội"),
    "LC-0037": ("Nguyễn Đình Khánh", "male", 1971, "Kinh", "Chánh án", "Tòa án nhân dân tỉnh Lào Cai"),
    "LC-0038": ("Trương Văn Hưng", "male", 1980, "Kinh", "Giám đốc", "Hợp tác xã Nông nghiệp Phong Niên"),
    "LC-0039": ("Bàn Thị Huyền", "female", 1987, "Dao", "Cán bộ", "Hội Nông dân huyện Bảo Thắng"),
    "LC-0040": ("Dương Văn Thành", "male", 1973, "Kinh", "Viện trưởng", "Viện Kiểm sát nhân dân tỉnh Lào Cai"),
    "LC-0041": ("Ngô Thị Phương", "female", 1978, "Kinh", "Chủ tịch Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh Lào Cai"),
    "LC-0042": ("Hoàng Văn Thắng", "male", 1974, "Tày", "Phó Chủ tịch HĐND tỉnh", "HĐND tỉnh Lào Cai"),
    "LC-0043": ("Nguyễn Thị Hồng Vân", "female", 1982, "Kinh", "Phó Giám đốc", "Sở Y tế tỉnh Lào Cai"),
    "LC-0044": ("Triệu Tiến Thành", "male", 1979, "Dao", "Chủ tịch UBND xã", "Xã Xuân Thượng, huyện Bảo Yên"),
    "LC-0045": ("Ma Văn Thanh", "male", 1970, "Tày", "Bí thư Huyện ủy", "Huyện ủy Bảo Yên"),
    "LC-0046": ("Hà Thị Nhung", "female", 1986, "Tày", "Phó Trưởng Ban Pháp chế", "HĐND tỉnh Lào Cai"),
    "LC-0047": ("Vũ Đức Minh", "male", 1977, "Kinh", "Giám đốc", "Sở Nông nghiệp và Phát triển nông thôn"),
    "LC-0048": ("Phùng Thị Lan Anh", "female", 1985, "Kinh", "Luật sư", "Đoàn Luật sư tỉnh Lào Cai"),
    "LC-0049": ("Lý Thị Vinh", "female", 1981, "Dao", "Phó Trưởng Ban Dân tộc", "HĐND tỉnh Lào Cai"),
    "LC-0050": ("Hoàng Văn Sơn", "male", 1976, "Tày", "Chủ tịch UBND huyện", "UBND huyện Văn Bàn"),
    "LC-0051": ("Lò Văn Chiến", "male", 1983, "Thái", "Trưởng phòng Dân tộc huyện", "UBND huyện Văn Bàn"),
    "LC-0052": ("Nguyễn Thị Mai", "female", 1979, "Kinh", "Phó Giám đốc", "Sở Văn hóa và Thể thao tỉnh Lào Cai"),
    "LC-0053": ("Bàn Văn Hai", "male", 1974, "Dao", "Bí thư Đảng ủy xã", "Xã Nậm Xây, huyện Văn Bàn"),
    "LC-0054": ("Lường Thị Thảo", "female", 1988, "Thái", "Giáo viên", "Trường PTDTBT Tiểu học xã Nậm Chày"),
    "LC-0055": ("Trần Minh Đức", "male", 1968, "Kinh", "Giám đốc", "Sở Kế hoạch và Đầu tư tỉnh Lào Cai"),
    # Term XV only
    "LC-0101": ("Phan Văn Lợi", "male", 1960, "Kinh", "Nguyên Chủ tịch HĐND tỉnh", "Đã nghỉ hưu"),
    "LC-0102": ("Vàng Thị Mai", "female", 1968, "H'Mông", "Nguyên Phó Trưởng Ban Dân tộc", "Đã nghỉ hưu"),
    "LC-0103": ("Hà Văn Thuận", "male", 1962, "Tày", "Nguyên Bí thư Huyện ủy", "Đã nghỉ hưu"),
    "LC-0104": ("Nguyễn Thị Bích Ngọc", "female", 1965, "Kinh", "Nguyên Trưởng Ban Văn hóa – Xã hội", "Đã nghỉ hưu"),
    "LC-0105": ("Lý Seo Dìn", "male", 1964, "H'Mông", "Nguyên Chủ tịch UBND huyện", "Đã nghỉ hưu"),
    "LC-0106": ("Bùi Văn Khánh", "male", 1961, "Kinh", "Nguyên Giám đốc Sở Tài chính", "Đã nghỉ hưu"),
    "LC-0107": ("Mai Thị Hòa", "female", 1966, "Kinh", "Nguyên Phó Giám đốc", "Sở Y tế tỉnh Lào Cai"),
    "LC-0108": ("Sần Văn Lử", "male", 1963, "Phù Lá", "Nguyên Trưởng Ban Dân tộc", "Đã nghỉ hưu"),
    "LC-0109": ("Lò Thị Hương", "female", 1970, "Giáy", "Giáo viên", "Trường THCS thị trấn Bát Xát"),
    "LC-0110": ("Đỗ Quang Tuyến", "male", 1963, "Kinh", "Nguyên Trưởng Ban Pháp chế", "Đã nghỉ hưu"),
}  # fmt: skip

# Term XVI: (key, constituency) in list order; seats follow from the counts.
XVI_SEATS = {
    1: ["LC-0001", "LC-0002", "LC-0003", "LC-0004"],
    2: ["LC-0005", "LC-0006", "LC-0007", "LC-0008"],
    3: ["LC-0009", "LC-0010", "LC-0011", "LC-0012"],
    4: ["LC-0013", "LC-0014", "LC-0015", "LC-0016"],
    5: ["LC-0017", "LC-0018", "LC-0019"],
    6: ["LC-0020", "LC-0021", "LC-0022", "LC-0023"],
    7: ["LC-0024", "LC-0025", "LC-0026"],
    8: ["LC-0027", "LC-0028", "LC-0029", "LC-0030"],
    9: ["LC-0031", "LC-0032", "LC-0033"],
    10: ["LC-0034", "LC-0035", "LC-0036", "LC-0037"],
    11: ["LC-0038", "LC-0039", "LC-0040", "LC-0041"],
    12: ["LC-0042", "LC-0043", "LC-0044"],
    13: ["LC-0045", "LC-0046", "LC-0047", "LC-0048"],
    14: ["LC-0049", "LC-0050", "LC-0051", "LC-0052"],
    15: ["LC-0053", "LC-0054", "LC-0055"],
}
XV_SEATS = {
    1: ["LC-0001", "LC-0110"],
    2: ["LC-0005", "LC-0106"],
    3: ["LC-0009"],
    4: ["LC-0013", "LC-0109"],
    5: ["LC-0014"],
    6: ["LC-0020"],
    7: ["LC-0105"],
    8: ["LC-0102"],
    9: ["LC-0032"],
    10: ["LC-0034", "LC-0101"],
    11: ["LC-0104"],
    12: ["LC-0103"],
    13: ["LC-0045"],
    14: ["LC-0108", "LC-0107"],
    15: ["LC-0055"],
}

# (key, body code, role, start, end, full time); None dates mean the term's own dates.
XVI_POSTS = [
    # The chair moves on in 2023; a vice-chair succeeds, and a new vice-chair is elected.
    ("LC-0001", "standing", "chair", None, D(2023, 10, 12), True),
    ("LC-0034", "standing", "vice_chair", None, D(2023, 10, 12), True),
    ("LC-0034", "standing", "chair", RESHUFFLE, None, True),
    ("LC-0009", "standing", "vice_chair", None, None, True),
    ("LC-0042", "standing", "vice_chair", RESHUFFLE, None, True),
    ("LC-0005", "standing", "member", None, None, True),
    ("LC-0002", "standing", "member", None, None, True),
    ("LC-0013", "standing", "member", None, None, True),
    ("LC-0014", "standing", "member", None, None, True),
    ("LC-0005", "phap_che", "head", None, None, True),
    ("LC-0002", "ktns", "head", None, None, True),
    ("LC-0013", "vhxh", "head", None, None, True),
    ("LC-0014", "dan_toc", "head", None, None, True),
    ("LC-0003", "phap_che", "deputy_head", None, None, True),
    ("LC-0046", "phap_che", "deputy_head", D(2022, 7, 8), None, True),
    ("LC-0028", "ktns", "deputy_head", None, None, True),
    ("LC-0042", "ktns", "deputy_head", None, D(2023, 10, 12), True),
    ("LC-0017", "vhxh", "deputy_head", None, None, True),
    ("LC-0022", "dan_toc", "deputy_head", None, None, True),
    ("LC-0049", "dan_toc", "deputy_head", None, None, True),
    # part-time committee members
    *[
        (k, "phap_che", "member", None, None, False)
        for k in ("LC-0006", "LC-0019", "LC-0026", "LC-0037", "LC-0040", "LC-0048")
    ],
    *[
        (k, "ktns", "member", None, None, False)
        for k in ("LC-0007", "LC-0032", "LC-0035", "LC-0038", "LC-0047", "LC-0055")
    ],
    *[
        (k, "vhxh", "member", None, None, False)
        for k in ("LC-0004", "LC-0008", "LC-0012", "LC-0030", "LC-0041", "LC-0043", "LC-0052")
    ],
    *[
        (k, "dan_toc", "member", None, None, False)
        for k in (
            "LC-0010",
            "LC-0018",
            "LC-0021",
            "LC-0027",
            "LC-0031",
            "LC-0044",
            "LC-0051",
            "LC-0053",
        )
    ],
    # LC-0046 sat on the Culture–Society committee until moving to Legal Affairs full-time.
    ("LC-0046", "vhxh", "member", None, D(2022, 7, 7), False),
]
# group leaders (one per district) and deputies
XVI_GROUP_LEADERS = {
    "Thành phố Lào Cai": ("LC-0005", "LC-0006"),
    "Thị xã Sa Pa": ("LC-0009", "LC-0011"),
    "Bát Xát": ("LC-0016", "LC-0013"),
    "Mường Khương": ("LC-0020", "LC-0022"),
    "Si Ma Cai": ("LC-0024", None),
    "Bắc Hà": ("LC-0029", "LC-0028"),
    "Bảo Thắng": ("LC-0034", "LC-0035"),
    "Bảo Yên": ("LC-0045", "LC-0042"),
    "Văn Bàn": ("LC-0050", "LC-0049"),
}
XV_POSTS = [
    ("LC-0101", "standing", "chair", None, None, True),
    ("LC-0001", "standing", "vice_chair", None, None, True),
    ("LC-0009", "standing", "vice_chair", D(2018, 7, 12), None, True),
    ("LC-0110", "phap_che", "head", None, None, True),
    ("LC-0106", "ktns", "head", None, None, True),
    ("LC-0104", "vhxh", "head", None, None, True),
    ("LC-0108", "dan_toc", "head", None, None, True),
    *[
        (k, "standing", "member", None, None, True)
        for k in ("LC-0110", "LC-0106", "LC-0104", "LC-0108")
    ],
    ("LC-0005", "phap_che", "deputy_head", None, None, True),
    ("LC-0034", "ktns", "deputy_head", None, None, True),
    ("LC-0013", "vhxh", "deputy_head", None, None, True),
    ("LC-0102", "dan_toc", "deputy_head", None, None, True),
    ("LC-0014", "dan_toc", "member", None, None, False),
    ("LC-0105", "dan_toc", "member", None, None, False),
    ("LC-0109", "vhxh", "member", None, None, False),
    ("LC-0107", "vhxh", "member", None, None, False),
    ("LC-0103", "phap_che", "member", None, None, False),
    ("LC-0020", "phap_che", "member", None, None, False),
    ("LC-0032", "ktns", "member", None, None, False),
    ("LC-0045", "ktns", "member", None, None, False),
    ("LC-0055", "ktns", "member", None, None, False),
]
XV_GROUP_LEADERS = dict.fromkeys(DISTRICTS, (None, None)) | {
    "Thành phố Lào Cai": ("LC-0110", None),
    "Bảo Thắng": ("LC-0101", "LC-0034"),
}

DAIBIEU_KEY = "LC-0049"  # Lý Thị Vinh, term XVI
DAIBIEU_XV_KEY = "LC-0104"  # Nguyễn Thị Bích Ngọc, term XV only


def _private(index: int, key: str, full_name: str, district: str) -> dict:
    """Plausible but fake contact details: numbers from the index, addresses from the district."""
    from core.text import fold

    given = fold(full_name).split()
    local = ".".join([given[-1], *given[:-1]]) if given else key.lower()
    return {
        "phone": f"09{(index * 7919) % 100:02d} {(index * 104729) % 1000:03d} {(index * 31) % 1000:03d}",
        "email": f"{local.replace(chr(39), '')}@laocai.example.vn",
        "home_address": f"Tổ {index % 12 + 1}, {district}, tỉnh Lào Cai",
        "id_number": f"010{(index * 982451653) % 10**9:09d}",
        "record_notes": f"Hồ sơ lưu tại Văn phòng, ngăn {index % 9 + 1}. Mã lưu trữ {key}.",
    }


def _theory(index: int, occupation: str) -> str:
    """Leaders hold the senior political-theory level; others vary."""
    senior = ("Bí thư", "Chủ tịch", "Giám đốc", "Trưởng", "Chánh án", "Viện trưởng", "Chỉ huy")
    if any(word in occupation for word in senior):
        return "Cao cấp"
    return THEORY[index % len(THEORY)]


def _district_of(key: str) -> str:
    for seats in (XVI_SEATS, XV_SEATS):
        for number, keys in seats.items():
            if key in keys:
                return CONSTITUENCIES[number][0]
    return "Thành phố Lào Cai"


def _load_people() -> dict:
    people = {}
    for index, (key, row) in enumerate(sorted(PEOPLE.items()), start=1):
        full_name, gender, year, ethnicity, occupation, workplace = row
        values = {
            "full_name": full_name,
            "gender": gender,
            "birth_year": year,
            "ethnicity": ethnicity,
            "education": EDUCATION[index % len(EDUCATION)],
            "political_theory": _theory(index, occupation),
            "occupation": occupation,
            "workplace": workplace,
            **_private(index, key, full_name, _district_of(key)),
        }
        people[key], _ = services.upsert_person(key, values)
    return people


def _load_term(number, start, end, seats, posts, leaders, people):
    term, _ = services.upsert_term(number, start, end)
    roman = term.roman
    bodies = {
        "council": services.upsert_body(
            term, f"HĐND tỉnh Lào Cai khóa {roman}", kind=Body.Kind.COUNCIL,
            abbreviation="HĐND", sort_order=0,
        )[0],
        "standing": services.upsert_body(
            term, "Thường trực HĐND tỉnh", kind=Body.Kind.STANDING,
            abbreviation="TT HĐND", sort_order=1,
        )[0],
    }  # fmt: skip
    for order, (code, name, abbreviation) in enumerate(COMMITTEES, start=2):
        bodies[code] = services.upsert_body(
            term, name, kind=Body.Kind.COMMITTEE, abbreviation=abbreviation, sort_order=order
        )[0]
    for order, district in enumerate(DISTRICTS, start=10):
        bodies[f"group:{district}"] = services.upsert_body(
            term, f"Tổ đại biểu {district}", kind=Body.Kind.GROUP, sort_order=order
        )[0]
    units = {
        number: services.upsert_constituency(
            term, number, name=district, area=area, seats=len(seats.get(number, []))
        )[0]
        for number, (district, area) in CONSTITUENCIES.items()
    }
    full_time = {key for key, _, _, _, _, ft in posts if ft}
    for number, keys in seats.items():
        district = CONSTITUENCIES[number][0]
        for key in keys:
            person = people[key]
            services.upsert_membership(
                person, bodies["council"], Membership.Role.DELEGATE, start,
                end_date=end, constituency=units[number], full_time=key in full_time,
            )  # fmt: skip
            leader, deputy = leaders.get(district, (None, None))
            role = {leader: "group_leader", deputy: "group_deputy"}.get(key, "member")
            services.upsert_membership(
                person, bodies[f"group:{district}"], role, start, end_date=end
            )
    for key, code, role, post_start, post_end, ft in posts:
        services.upsert_membership(
            people[key], bodies[code], role, post_start or start,
            end_date=post_end or end, full_time=ft,
        )  # fmt: skip
    return term


def _portrait(full_name: str, index: int) -> bytes:
    """A plain placeholder portrait with the person's initials; real photos come from the office."""
    from PIL import Image, ImageDraw, ImageFont

    from core.fonts import FONT_DIR

    colours = ["#7a0f12", "#1e4d6b", "#2f5d3a", "#5b3a70", "#6b4a1e"]
    image = Image.new("RGB", (300, 400), colours[index % len(colours)])
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 80, 210, 200), fill="#f1e4d3")
    draw.rectangle((60, 220, 240, 400), fill="#f1e4d3")
    initials = "".join(part[0] for part in full_name.split()[-2:]).upper()
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), 48)
    draw.text((150, 300), initials, fill="#1b1b1b", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _load_photos(people: dict) -> None:
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    Image = get_image_model()
    for index, (key, person) in enumerate(sorted(people.items()), start=1):
        if person.photo_id or index % 4 == 0:  # a few without a photo, as in real life
            continue
        data = io.BytesIO(_portrait(person.full_name, index))
        image = Image(
            title=f"Ảnh đại biểu {person.full_name}",
            file=ImageFile(data, name=f"dai-bieu-{key.lower()}.jpg"),
        )
        image.save()
        person.photo = image
        person.save(update_fields=["photo"])


def load(ctx) -> None:
    people = _load_people()
    term15 = _load_term(15, XV_START, XV_END, XV_SEATS, XV_POSTS, XV_GROUP_LEADERS, people)
    term16 = _load_term(16, XVI_START, None, XVI_SEATS, XVI_POSTS, XVI_GROUP_LEADERS, people)
    _load_photos(people)
    ctx.objects["term15"] = term15
    ctx.objects["term16"] = term16
    ctx.objects["delegate_people"] = people
    for username, key in (("daibieu", DAIBIEU_KEY), ("daibieu.khoaxv", DAIBIEU_XV_KEY)):
        user = ctx.users.get(username)
        if user is None:
            continue
        person = people[key]
        if person.user_id != user.pk:
            person.user = user
            person.save(update_fields=["user"])
        if user.full_name != person.full_name:
            user.full_name = person.full_name
            user.save(update_fields=["full_name"])
