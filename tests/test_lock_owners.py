"""One lock per open document within a process: a second owner cannot take a held lock, and
releasing it for the wrong owner leaves the file locked."""

from planning.project.lock import holder, lock_path, release_lock, take_lock


def test_a_second_owner_in_the_process_cannot_take_or_release_the_lock(tmp_path):
    path = tmp_path / "p.dtplan"
    path.write_bytes(b"x")
    first, second = object(), object()
    assert take_lock(path, first) and holder(path) is first
    assert take_lock(path, first)  # taking again is harmless
    assert not take_lock(path, second)
    release_lock(path, second)
    assert lock_path(path).exists() and holder(path) is first
    release_lock(path, first)
    assert not lock_path(path).exists() and holder(path) is None
    assert take_lock(path, second) and holder(path) is second
    release_lock(path, second)


def test_the_same_file_by_another_spelling_is_the_same_lock(tmp_path):
    path = tmp_path / "p.dtplan"
    path.write_bytes(b"x")
    first = object()
    assert take_lock(path, first)
    assert not take_lock(tmp_path / "." / "p.dtplan", object())
    release_lock(path, first)
