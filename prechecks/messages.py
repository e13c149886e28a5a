"""What the citizen reads: one short, polite line per problem, each saying how to fix it."""

from __future__ import annotations

from datetime import date

KIND_NAMES = {"id_front": "身份证人像面", "id_back": "身份证国徽面", "licence": "营业执照", "hukou": "户口簿页",
              "form": "申请表", "other": "文件"}

TEXTS = {
    "refuse_type": "这个文件不是图片或PDF，无法预审。请拍照（JPG/PNG）或上传PDF后重新发送。",
    "refuse_empty": "文件是空的，没有内容。请重新拍照或选择文件后再发送。",
    "refuse_corrupt": "文件已损坏或不完整，无法打开。请重新拍照或重新导出后再发送。",
    "refuse_bomb": "文件过大或结构异常，为安全起见未予处理。请发送一张普通照片或常规PDF（20MB以内）。",
    "strip_exif": "为保护您的隐私，已删除照片中的位置和拍摄设备信息，材料照常预审。",
    "blurred": "{kind}照片模糊，文字看不清。请对焦清楚、拿稳手机后重新拍摄。",
    "low_resolution": "{kind}照片分辨率太低，文字看不清。请靠近拍摄并发送原图（不要截图或压缩）。",
    "unreadable": "{kind}上的{what}没能看清。请在光线充足处正对证件重新拍摄。",
    "too_dark": "{kind}照片太暗。请在光线充足处重新拍摄。",
    "glare": "{kind}照片有反光，部分文字看不清。请避开灯光直射、换个角度重新拍摄。",
    "cropped": "{kind}没有拍全，边缘被裁掉了。请把整张材料放进画面、四边留出空隙后重新拍摄。",
    "bad_checksum": "身份证号码校验不通过，可能是拍得不清或号码有误。"
                    "请核对证件后重新拍摄；号码确有错误请到户政窗口咨询。",
    "mismatch_birth": "证件上的出生日期或性别与身份证号码不一致。请核对后重新拍摄；证件信息有误请到户政窗口更正。",
    "expired": "身份证已于{until}过期。请先办理身份证换领，或到窗口开具临时身份证明后再办。",
    "expiring_soon_item": "身份证将于{until}到期，早于本事项预计办结日{due}。请先办理或同时办理身份证换领。",
    "expiring_soon": "身份证将于{until}到期（30天内）。请尽快办理身份证换领，以免办事时证件过期。",
    "bad_uscc": "统一社会信用代码校验不通过，可能是拍得不清或代码有误。请核对营业执照后重新拍摄。",
    "pass": "{kind}预审通过，信息清晰完整。",
    "pass_but": "{kind}预审通过，但有一处请您核对：",
    "mismatch_sex": "证件上的性别与身份证号码不一致（号码第17位单数为男、双数为女）。"
                    "请核对；信息有误请到户政窗口更正。",
    "pass_other": "已收到文件，但未能识别是哪种材料。请发送身份证、户口簿、营业执照或申请表的完整照片。",
}


def chinese_date(iso: str | date) -> str:
    day = iso if isinstance(iso, date) else date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def message(code: str, kind: str, **details: str) -> str:
    return TEXTS[code].format(kind=KIND_NAMES.get(kind, "文件"), **details)
