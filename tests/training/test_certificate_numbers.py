from training import certificates


def test_new_numbers_are_well_formed_and_different():
    numbers = {certificates.new_number() for _ in range(500)}
    assert len(numbers) == 500
    assert all(certificates.NUMBER_RE.match(n) for n in numbers)


def test_normalise_forgives_case_spaces_and_lookalike_letters():
    number = "DP-7K2M-9QXA-4F8B-T3WZ"
    assert certificates.normalise(number) == number
    assert certificates.normalise(" dp 7k2m 9qxa 4f8b t3wz ") == number
    assert certificates.normalise("7K2M9QXA4F8BT3WZ") == number
    assert certificates.normalise("DP-7K2M-9QXA-4F8B-T3WO") == "DP-7K2M-9QXA-4F8B-T3W0"


def test_normalise_rejects_what_cannot_be_a_number():
    for bad in ("", "DP-123", "DP-7K2M-9QXA-4F8B-T3WZ-EXTRA", "<script>", "x" * 500, None, "DP-UUUU-UUUU-UUUU-UUUU"):
        assert certificates.normalise(bad) is None
