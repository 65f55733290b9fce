"""Fingerprints recognise the same text across scripts and spacing, and near-duplicates."""

from archive.fingerprint import (
    NEAR_DUPLICATE_DISTANCE,
    exact_fingerprint,
    signature_distance,
    similarity_signature,
)

BODY = ("今年汛期，市气象局与应急管理局建立“叫应”机制，对暴雨红色预警做到直达基层责任人，"
        "全市提前转移群众三千余人，未发生人员伤亡。主要做法：一是提前研判，二是分级预警，"
        "三是部门联动，四是复盘总结。") * 3


def test_the_same_text_in_the_other_script_and_spacing_has_the_same_fingerprint():
    traditional = "今年汛期， 市氣象局與應急管理局建立「叫應」機制"
    simplified = "今年汛期,市气象局与应急管理局建立“叫应”机制"
    assert exact_fingerprint("標題", traditional) == exact_fingerprint("标题", simplified)


def test_full_width_letters_match_half_width():
    assert exact_fingerprint("ＡＢＣ１２３", "") == exact_fingerprint("abc123", "")


def test_different_texts_have_different_fingerprints():
    assert exact_fingerprint("标题", BODY) != exact_fingerprint("标题", BODY + "补充。")


def test_an_edited_version_is_near_and_an_unrelated_text_is_far():
    edited = BODY.replace("三千余人", "三千二百余人") + "下一步将推广到全省。"
    unrelated = ("夏收期间，农业农村局组织农机跨区作业，小麦机收率达到百分之九十八，"
                 "粮食颗粒归仓。各乡镇设立服务站，为农户提供烘干和收储服务。") * 3
    base = similarity_signature(BODY)
    assert signature_distance(base, similarity_signature(edited)) <= NEAR_DUPLICATE_DISTANCE
    assert signature_distance(base, similarity_signature(unrelated)) > NEAR_DUPLICATE_DISTANCE


def test_signatures_fit_in_a_signed_sqlite_integer():
    for text in (BODY, BODY[::-1], "防汛" * 50):
        assert -(1 << 63) <= similarity_signature(text) < 1 << 63


def test_a_text_too_short_to_shingle_has_no_signature():
    assert similarity_signature("短") == 0
