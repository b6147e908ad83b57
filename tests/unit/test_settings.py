from sim.inputs.settings import setting


def test_environment_overrides_file_and_default(tmp_path, monkeypatch):
    settings = tmp_path / "kapacitet.toml"
    settings.write_text('[kapacitet]\ndatabase_url = "sqlite:///from-file.db"\n')
    monkeypatch.setenv("KAPACITET_SETTINGS", str(settings))
    monkeypatch.delenv("KAPACITET_DATABASE_URL", raising=False)
    assert setting("database_url", "x") == "sqlite:///from-file.db"
    assert setting("dask_scheduler", "none") == "none"
    monkeypatch.setenv("KAPACITET_DATABASE_URL", "sqlite:///from-env.db")
    assert setting("database_url") == "sqlite:///from-env.db"


def test_missing_file_gives_default(tmp_path, monkeypatch):
    monkeypatch.setenv("KAPACITET_SETTINGS", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("KAPACITET_DASK_SCHEDULER", raising=False)
    assert setting("dask_scheduler") is None
