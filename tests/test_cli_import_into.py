"""``import FILE --into P.dtplan --mode ...``: a city's file replaces that city's firms (the city found from
the file), the stored plans are planned again and the project saved; a file of several cities needs --city."""

import json
import shutil

from planning.cli.commands import main
from planning.project.file_format import open_project
from planning.project.lock import lock_path
from tests.roster_files import FIRMS, simple_rows, write_xlsx


def test_a_city_file_replaces_that_citys_firms_in_the_project(sample_project_file, tmp_path, capsys):
    path = tmp_path / "p.dtplan"
    shutil.copyfile(sample_project_file, path)
    before = open_project(path).project
    wuhu = int((before.roster["city"] == "芜湖市").sum())
    city_file = write_xlsx(tmp_path / "芜湖.xlsx", simple_rows([FIRMS[1]]))
    assert main(["import", str(city_file), "--into", str(path), "--mode", "replace-city", "--json", "--lang", "en"]) == 0
    update = json.loads(capsys.readouterr().out)["update"]
    assert update["city"] == "芜湖市" and update["removed"] == wuhu and update["added"] == 1
    after = open_project(path).project
    assert len(after.roster) == len(before.roster) - wuhu + 1
    assert set(after.runs) == set(before.runs)  # planned again, with the new roster
    assert not lock_path(path).exists()


def test_several_cities_with_replace_city_need_the_city(sample_project_file, tmp_path, capsys):
    path = tmp_path / "p.dtplan"
    shutil.copyfile(sample_project_file, path)
    mixed = write_xlsx(tmp_path / "mixed.xlsx", simple_rows())
    assert main(["import", str(mixed), "--into", str(path), "--mode", "replace-city", "--lang", "en"]) == 2
    assert "--city" in capsys.readouterr().err
    assert main(["import", str(mixed), "--into", str(path), "--mode", "add", "--lang", "en"]) == 0
    assert f"{len(FIRMS)} firms added" in capsys.readouterr().out
