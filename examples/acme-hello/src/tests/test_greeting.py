from acme_hello import greeting


def test_greeting():
    assert greeting("nix") == "Hello, nix!"
