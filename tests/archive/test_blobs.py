from archive.blobs import BlobStore, sha256_of


def test_the_same_content_is_stored_once(tmp_path):
    blobs = BlobStore(tmp_path)
    first, created = blobs.put("原始文件".encode())
    second, created_again = blobs.put("原始文件".encode())
    assert first == second == sha256_of("原始文件".encode())
    assert (created, created_again) == (True, False)
    assert blobs.all_hashes() == {first}


def test_verify_notices_a_changed_or_missing_file(tmp_path):
    blobs = BlobStore(tmp_path)
    digest, _ = blobs.put(b"picture")
    assert blobs.verify(digest)
    blobs.path(digest).write_bytes(b"tampered")
    assert not blobs.verify(digest)
    blobs.remove(digest)
    assert not blobs.verify(digest)


def test_no_temporary_files_are_left_after_a_write(tmp_path):
    blobs = BlobStore(tmp_path)
    digest, _ = blobs.put(b"x" * 10_000)
    assert [p.name for p in blobs.path(digest).parent.iterdir()] == [digest]
