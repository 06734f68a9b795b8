"""The deployment files as a county runs them: Debian's nginx (deploy/nginx/gzz.conf, TLS
on loopback) in front of gunicorn (config/gunicorn.conf.py) and the background worker,
with production settings on a database of their own. A cadre logs a visit with a
photo through it; a township clerk gets the monthly booklet the worker builds; the
load balancer's probe reaches /healthz over plain HTTP."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from tests.page_waits import wait_until

pytestmark = pytest.mark.browser

ROOT = Path(settings.BASE_DIR)
PASSWORD = "Gzz-deploy-2026!"
# The data the walk needs, written by the app's own models in its own process.
SEED = f"""
from tests import factories as f
from cadres.models import User
township = f.TownshipFactory(county=f.CountyFactory(name="隆回县"), name="石门乡")
station = f.StationFactory(village=f.VillageFactory(township=township, name="高石村"))
household = f.HouseholdFactory(village=station.village, head_name="张三")
cadre = f.CadreFactory(township=township, name="李四")
f.AssignmentFactory(cadre=cadre, station=station)
f.PairingFactory(cadre=cadre, household=household)
cadre.user = User.objects.create_user("cadre", password="{PASSWORD}", role="cadre")
cadre.save()
User.objects.create_user("clerk", password="{PASSWORD}", role="township", township=township)
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url, context=None, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(url, context=context, timeout=5)
        except urllib.error.HTTPError as error:
            # 502 while gunicorn is still starting behind nginx.
            if error.code != 502 or time.monotonic() > deadline:
                return error
            time.sleep(0.3)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _nginx_conf(tmp, *, http, https, app):
    """deploy/nginx/gzz.conf with this test's ports, certificate and directories."""
    site = (ROOT / "deploy/nginx/gzz.conf").read_text()
    site = re.sub(r"^\s*listen \[::\].*\n", "", site, flags=re.M)  # no IPv6 needed here
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app};")
    site = site.replace("/etc/ssl/gzz/", f"{tmp}/")
    site = site.replace("/srv/gzz/static/", f"{tmp}/static/")
    site = site.replace("gzz.example.gov.cn", "127.0.0.1")
    (tmp / "site.conf").write_text(site)
    main = f"""
user root;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""
    (tmp / "nginx.conf").write_text(main)
    return tmp / "nginx.conf"


@pytest.fixture
def county_server(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    http, https, app = _free_port(), _free_port(), _free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "deploy-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https}",
        "PROXY_COUNT": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/gzz.sqlite3",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{app}",
        "GUNICORN_WORKERS": "2",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True)
    subprocess.run(manage + ["shell", "-c", SEED], cwd=ROOT, env=env, check=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    logs = open(tmp_path / "processes.log", "wb")  # noqa: SIM115 - closed below
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=logs,
            stderr=logs,
        ),
        subprocess.Popen(
            manage + ["worker", "--interval", "0.2"], cwd=ROOT, env=env, stdout=logs, stderr=logs
        ),
        subprocess.Popen(
            [nginx, "-c", str(_nginx_conf(tmp_path, http=http, https=https, app=app))],
            stdout=logs,
            stderr=logs,
        ),
    ]
    try:
        try:
            _wait(f"http://127.0.0.1:{http}/healthz")
        except OSError:
            logs.flush()
            errors = (tmp_path / "processes.log").read_text(errors="replace")
            nginx_errors = (
                (tmp_path / "nginx-error.log").read_text(errors="replace")
                if (tmp_path / "nginx-error.log").exists()
                else ""
            )
            pytest.fail(f"the server did not come up:\n{errors[-3000:]}\n{nginx_errors[-2000:]}")
        yield {
            "http": http,
            "https": f"https://127.0.0.1:{https}",
            "log": tmp_path / "processes.log",
        }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        logs.close()


def test_a_county_runs_it_behind_nginx(county_server, browser, tmp_path):
    # The load balancer's probe: plain HTTP, the database and storage fine.
    probe = _wait(f"http://127.0.0.1:{county_server['http']}/healthz")
    assert probe.status == 200, probe.read()
    assert json.loads(probe.read())["status"] == "ok"
    # Anything else on plain HTTP goes to HTTPS.
    request = urllib.request.Request(f"http://127.0.0.1:{county_server['http']}/login/")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as moved:
        opener.open(request)
    assert moved.value.code == 301
    assert moved.value.headers["Location"].startswith("https://")

    base = county_server["https"]
    context = browser.new_context(
        ignore_https_errors=True, viewport={"width": 360, "height": 740}, locale="zh-CN"
    )
    page = context.new_page()
    # A cadre logs a visit with a photo through nginx and gunicorn.
    _login(page, base, "cadre")
    photo = tmp_path / "IMG_20261123.jpg"
    Image.new("RGB", (1200, 900), (180, 120, 60)).save(photo, quality=90)
    page.goto(f"{base}/visits/new/")
    page.get_by_role("searchbox", name="查找农户").fill("zs")
    page.locator(".results").get_by_text("张三").click()
    page.get_by_label("所见情况").fill("帮助收割晚稻")
    page.get_by_text("时间、同行干部、照片、位置").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/visits/*/?saved=*")
    # The photo, through nginx and the app's access check, loads (it may still be on its
    # way when the page's address changes: the outbox's send moves the page on).
    page.locator(".photos img").scroll_into_view_if_needed()
    wait_until(
        page,
        "(() => { const img = document.querySelector('.photos img');"
        " return img && img.complete && img.naturalWidth > 0; })()",
        timeout=15000,
    )
    _logout(page)

    # A township clerk asks for the month's booklet: the worker builds it.
    _login(page, base, "clerk")
    page.goto(f"{base}/supervision/townships/1/report.pdf")
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    download_link = page.get_by_role("link", name=re.compile("^下载"))
    download_link.wait_for(timeout=90_000)
    with page.expect_download() as download:
        download_link.click()
    path = tmp_path / "booklet.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    context.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _login(page, base, username):
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def _logout(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()
