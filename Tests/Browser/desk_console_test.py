"""The desk console in a real headless Chromium, against a real `atiende serve`.

Run: python3 Tests/Browser/desk_console_test.py  (scripts/test.sh does, after the Swift
tests). Needs Debian's chromium and chromium-driver, and selenium from PyPI. Uses the
`atiende` built in .build/debug (or $ATIENDE_BIN). With $ATIENDE_SHOTS set, saves a
screenshot of each test there.
"""
import json
import sqlite3
import unittest
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from harness import KIOSK, LAURA, PEDRO, STAFF, PageTest, Server


class DeskConsoleTests(PageTest):
    shot = "desk"

    def sign_in(self, desk="1", account=LAURA, query=""):
        self.sign_in_at(f"/desk/{desk}{query}", account)

    def open_with_key(self, desk, token):
        """The deprecated way in: a link that carries the office's shared key."""
        self.driver.get(f"{self.server.url}/desk/{desk}#token={token}")

    def test_call_next_shows_the_number_and_the_name_and_the_server_agrees(self):
        self.server.issue("A")
        self.server.issue("B", preferential=True, firstName="Rosa")
        self.sign_in()
        self.click("call-next")
        # The preferential ticket is due ten minutes earlier, so it is called first.
        self.until_text("current-number", "B-001")
        self.assertEqual(self.text("current-name"), "Rosa")
        self.assertIn("Preferencial", self.text("current-state"))
        status = self.server.api("GET", "/api/status")
        self.assertEqual(status["desks"][0]["ticket"], "B-001")
        self.assertEqual(status["desks"][0]["state"], "called")

    def test_a_whole_visit_from_call_to_finish(self):
        self.server.issue("A")
        self.sign_in()
        self.click("call-next")
        self.until_text("current-number", "A-001")
        self.assertFalse(self.driver.find_element(By.ID, "finish").is_enabled(), "finish waits for the start")
        self.click("recall")
        self.click("start")
        self.until_text("current-state", "En atención")
        self.click("finish")
        # How the visit ended: one tap for the common case.
        resolved = self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#finish-options button[data-outcome='resolved']"))
        self.assertEqual(resolved.text, "Resuelto aquí")
        resolved.click()
        self.until_text("message", "A-001 finalizado")
        self.until_text("current-number", "—")
        report = self.server.api("GET", "/api/reports/2026-11-23")
        self.assertEqual(report["office"]["served"], 1)
        self.assertEqual(report["office"]["outcomes"], {"resolved": 1})
        self.assertEqual(report["office"]["resolvedPercent"], 100)

    def test_a_case_filed_asks_for_its_number_and_keeps_the_note_private(self):
        self.server.issue("A")
        self.sign_in()
        self.click("call-next")
        self.click("start")
        self.until_text("current-state", "En atención")
        self.click("finish")
        filed = self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#finish-options button[data-outcome='caseOpened']"))
        filed.click()
        self.driver.find_element(By.ID, "finish-note").send_keys("volver el lunes")
        self.driver.find_element(By.ID, "finish-submit").click()
        self.until_text("finish-error", "número de radicado")
        self.driver.find_element(By.ID, "finish-detail-input").send_keys("Q-2026-0412")
        self.driver.find_element(By.ID, "finish-submit").click()
        # The case leaves the office something to do: a request, whose number the desk gives.
        self.until_text("message", "A-001 finalizado. Se abrió la solicitud S-2026-000001: dele este número a la persona.")
        request = self.server.api("GET", "/api/requests/S-2026-000001", token=STAFF)
        self.assertEqual((request["ticket"], request["channel"]), ("A-001", "inPerson"))
        report = self.server.api("GET", "/api/reports/2026-11-23")
        self.assertEqual(report["office"]["outcomes"], {"caseOpened": 1})
        self.assertNotIn("volver el lunes", json.dumps(report))
        # The desk sees at once what the request keeps, and later, typing its number, the calls.
        self.until_text("case-title", "Solicitud S-2026-000001")
        self.until_text("case-summary", "volver el lunes")
        self.until_text("case-attempts", "Nadie ha llamado a la persona todavía.")
        self.server.post("/api/requests/S-2026-000001/contacts", STAFF, {"result": "leftWord", "note": "Dejé recado con su hija"})
        field = self.driver.find_element(By.ID, "case-input")
        field.send_keys("s-2026-1")
        field.send_keys(Keys.ENTER)
        self.until_text("case-attempts", "dejó recado")
        self.until_text("case-attempts", "Dejé recado con su hija")
        self.assertEqual(self.axe_serious(), [], "the desk with a request shown")

    def test_transfer_and_call_by_number_through_their_dialogs(self):
        self.server.issue("A")
        self.server.issue("C")
        self.sign_in()
        self.click("call-next")
        self.until_text("current-number", "A-001")
        self.click("start")
        self.until_text("current-state", "En atención")
        self.click("transfer")
        choice = self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#transfer-options button[data-service='C']"))
        choice.click()
        self.until_text("current-number", "—")
        self.click("call-number")
        field = self.wait.until(lambda d: d.find_element(By.ID, "call-input"))
        field.send_keys("C-1")
        self.driver.find_element(By.ID, "call-submit").click()
        # Desk 1 serves A and B only: the queue refuses, in Spanish.
        self.until_text("message", "no atiende ese servicio")
        line = self.server.api("GET", "/api/desks/1", token=STAFF)
        self.assertIsNone(line.get("current"))  # left out when there is none (openapi.json 1.1.0)

    def test_changes_made_elsewhere_appear_live(self):
        self.sign_in()
        self.wait.until(lambda d: d.find_element(By.ID, "connection").text == "En vivo")
        self.until_text("line", "Nadie en espera")
        self.server.issue("A")
        self.until_text("line", "A-001")
        # Called from somewhere else (the command line, a second browser): the page follows.
        self.server.api("POST", "/api/desks/1/next", token=STAFF)
        self.until_text("current-number", "A-001")

    def test_the_promise_at_risk_says_what_to_do_and_goes_when_it_holds(self):
        for _ in range(20):
            self.server.issue("A")
        status = self.server.api("GET", "/api/status")
        self.assertTrue(status["promise"]["belowThreshold"], status["promise"])
        self.sign_in()
        self.until_text("promise", "Promesa en riesgo")
        warning = self.text("promise")
        self.assertIn(status["promise"]["advice"], warning)
        self.assertEqual(self.driver.find_element(By.ID, "promise").get_attribute("role"), "status")
        for width, height in [(1366, 768), (390, 844)]:
            self.driver.set_window_size(width, height)
            self.assertEqual(self.axe_serious(), [], f"promise warning at {width}")
        # Down to a short line (visitors gave up their turns): the promise holds again and
        # the warning goes, live.
        for sequence in range(3, 21):
            self.server.api("POST", f"/api/tickets/A-{sequence:03d}/cancel", token=STAFF)
        self.wait.until(lambda d: not d.find_element(By.ID, "promise").is_displayed(), "the warning stayed")

    def test_a_kiosk_without_its_printer_shows_on_the_desk_live_and_goes_when_it_prints(self):
        self.sign_in()
        self.wait.until(lambda d: d.find_element(By.ID, "connection").text == "En vivo")
        self.assertFalse(self.driver.find_element(By.ID, "devices").is_displayed())
        self.server.report_printer("missing", "/dev/usb/lp0: not found")
        self.until_text("devices", "Kiosco «entrada»: no encuentra su impresora desde las")
        self.assertIn("revise la impresora", self.text("devices"))
        self.assertEqual(self.driver.find_element(By.ID, "devices").get_attribute("role"), "status")
        for width, height in [(1366, 768), (390, 844)]:
            self.driver.set_window_size(width, height)
            self.assertEqual(self.axe_serious(), [], f"printer warning at {width}")
        self.server.report_printer("ok")
        self.wait.until(lambda d: not d.find_element(By.ID, "devices").is_displayed(), "the warning stayed")

    def test_it_stays_live_on_an_office_with_read_tokens(self):
        # The event stream once went out without the key, got 401, and showed "Sin conexión".
        self.server.stop()
        self.server = Server(read_tokens=["wall-token-123456"])
        self.sign_in()
        self.wait.until(lambda d: d.find_element(By.ID, "connection").text == "En vivo")
        self.server.issue("A")
        self.until_text("line", "A-001")
        self.server.api("POST", "/api/desks/1/next", token=STAFF)
        self.until_text("current-number", "A-001")
        blocked = [entry["message"] for entry in self.driver.get_log("browser") if "Content Security Policy" in entry["message"]]
        self.assertEqual(blocked, [], "the page's own policy blocks nothing it needs")

    def test_a_wrong_password_is_refused_and_nothing_is_shown(self):
        self.sign_in(account=("laura", "not-her-password"))
        self.until_text("login-error", "Usuario o contraseña incorrectos")
        self.assertFalse(self.driver.find_element(By.ID, "console").is_displayed())
        self.assertEqual(self.driver.find_element(By.ID, "password").get_attribute("value"), "", "the wrong password is cleared")

    def test_a_clerk_signs_in_calls_and_finishes_in_their_own_name(self):
        self.server.issue("A")
        self.sign_in()
        self.until_text("who", "Laura Gómez")
        self.click("call-next")
        self.until_text("current-number", "A-001")
        self.click("start")
        self.until_text("current-state", "En atención")
        self.click("finish")
        self.wait.until(lambda d: d.find_element(By.ID, "finish-dialog").is_displayed())
        self.driver.find_element(By.ID, "finish-plain").click()
        self.until_text("message", "A-001 finalizado")
        with sqlite3.connect(self.server.env["ATIENDE_DB"]) as db:
            staff = db.execute("SELECT kind, staff FROM event WHERE kind <> 'issued' ORDER BY id").fetchall()
        self.assertEqual(staff, [("called", "laura"), ("started", "laura"), ("finished", "laura")])
        # Salir ends the session on the server: the token is refused from then on.
        token = self.driver.execute_script("return sessionStorage.getItem('atiende.session')")
        self.click("logout")
        self.wait.until(lambda d: d.find_element(By.ID, "user").is_displayed())
        self.assertFalse(self.driver.find_element(By.ID, "who").is_displayed())
        # The page asks the server to end it as it leaves: wait for the server to say so.
        self.wait.until(lambda d: self.session_refused(token), "the token still works after Salir")

    def session_refused(self, token):
        try:
            self.server.api("GET", "/api/session", token=token)
            return False
        except urllib.error.HTTPError as refused:
            return refused.code == 401

    def test_an_account_is_offered_only_its_own_desks(self):
        self.sign_in(desk="1", account=PEDRO)
        self.until_text("page-error", "Pedro Ruiz puede atender en la ventanilla: Ventanilla 2")
        self.assertFalse(self.driver.find_element(By.ID, "console").is_displayed())
        self.assertEqual(self.axe_serious(), [])
        self.driver.find_element(By.LINK_TEXT, "Ventanilla 2").click()
        self.wait.until(lambda d: d.current_url.endswith("/desk/2"))
        self.until_text("who", "Pedro Ruiz")
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())

    def test_an_unknown_desk_or_a_kiosk_key_says_what_went_wrong(self):
        # Both once gave an empty page: the error was written inside the hidden console.
        self.sign_in(desk="99")
        self.until_text("page-error", "Esta ventanilla no existe en la oficina")
        self.assertEqual(self.driver.find_element(By.ID, "page-error").get_attribute("role"), "alert")
        self.assertFalse(self.driver.find_element(By.ID, "console").is_displayed())
        self.assertEqual(self.axe_serious(), [])
        self.driver.delete_all_cookies()
        self.driver.execute_script("localStorage.clear(); sessionStorage.clear();")
        self.open_with_key("1", KIOSK)
        self.until_text("page-error", "Esta clave no sirve para atender en ventanilla")

    def test_it_fits_a_1366_by_768_screen_with_big_targets(self):
        for service in "AABBCD":
            self.server.issue(service)
        self.server.issue("B", preferential=True, firstName="Maximiliana")
        self.sign_in()
        self.click("call-next")
        self.until_text("current-number", "B-")
        width, height, inner_w, inner_h = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight, innerWidth, innerHeight]")
        self.assertLessEqual(width, inner_w, "no sideways scrolling")
        self.assertLessEqual(height, inner_h, "everything on one screen")
        for button in self.driver.find_elements(By.CSS_SELECTOR, ".actions button"):
            box = button.rect
            self.assertGreaterEqual(box["height"], 64, button.text)
            self.assertGreaterEqual(box["width"], 120, button.text)
            self.assertLessEqual(box["y"] + box["height"], inner_h, f"{button.text} is on screen")


    def test_every_size_is_clean_under_axe_and_never_scrolls_sideways(self):
        # At 768 px the waiting list's scroll region could not be reached by keyboard; at
        # 390 px the page scrolled sideways and "Salir" fell off the blue bar (1.08:1).
        self.server.issue("A")
        self.server.issue("B", preferential=True, firstName="Rosa")
        for width, height in [(1366, 768), (768, 1024), (390, 844)]:
            self.driver.set_window_size(width, height)
            self.driver.get(f"{self.server.url}/")
            self.assertEqual(self.axe_serious(), [], f"start page at {width}")
            self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
            self.sign_in()
            self.until_text("line", "B-001")
            self.assertEqual(self.axe_serious(), [], f"desk console at {width}")
            self.assertGreaterEqual(self.disabled_contrast(), 4.5, f"disabled buttons still read at {width}")
            sideways = self.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            self.assertLessEqual(sideways, 0, f"no sideways scrolling at {width}")
            # The desk's name is shown whole (it was cut to "Ventan…" at 768 px).
            # (Neither cut with "…" nor covered by the bar's right side.)
            cut = self.driver.execute_script(
                "const l = document.getElementById('desk-label'), r = l.getBoundingClientRect(), w = l.parentElement.getBoundingClientRect(),"
                " right = document.querySelector('.bar .right').getBoundingClientRect();"
                " return Math.max(l.scrollWidth - l.clientWidth, r.right - w.right, right.top < r.bottom && right.left < r.right ? r.right - right.left : 0)")
            self.assertLessEqual(cut, 0, f"the desk's name is cut at {width}")

    def test_the_keyboard_alone_calls_and_keeps_its_place(self):
        self.server.issue("A")
        self.driver.get(f"{self.server.url}/desk/1")
        self.wait.until(lambda d: d.switch_to.active_element.get_attribute("id") == "user")
        # While the sign-in shows, Tab goes round its own fields and nothing behind it.
        reached = set()
        for _ in range(6):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            reached.add(self.driver.switch_to.active_element.get_attribute("id") or self.driver.switch_to.active_element.tag_name)
        self.assertLessEqual(reached, {"user", "password", "login-submit", "body"}, "only the sign-in is reachable")
        self.driver.find_element(By.ID, "user").click()
        ActionChains(self.driver).send_keys(LAURA[0]).send_keys(Keys.TAB).send_keys(LAURA[1]).send_keys(Keys.ENTER).perform()
        # Signed in, focus lands on the next thing to do: no Tab needed, and none can race the sign-in.
        self.wait.until(lambda d: d.switch_to.active_element.get_attribute("id") == "call-next")
        self.assertTrue(self.focus_is_visible(), "the focused button shows a visible outline")
        ActionChains(self.driver).send_keys(Keys.ENTER).perform()
        self.until_text("current-number", "A-001")
        focused = self.driver.switch_to.active_element
        self.assertEqual(focused.tag_name, "button", "focus stays on the desk's buttons, not the page's start")
        self.assertTrue(focused.is_enabled())
        # A screen reader hears the call: an assertive live region says it.
        announce = self.driver.find_element(By.ID, "announce")
        self.assertEqual(announce.get_attribute("aria-live"), "assertive")
        self.wait.until(lambda d: "A-001" in d.find_element(By.ID, "announce").get_attribute("textContent"))
        self.assertEqual(announce.get_attribute("textContent"), "Llamado el turno A-001 a Ventanilla 1.")

    def focus_is_visible(self):
        outline = self.driver.execute_script(
            "const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth];")
        return outline[0] != "none" and float(outline[1].rstrip("px") or 0) >= 2

    def test_the_start_page_works_by_keyboard(self):
        self.driver.get(f"{self.server.url}/")
        ActionChains(self.driver).send_keys(Keys.TAB).perform()
        link = self.driver.switch_to.active_element
        self.assertEqual(link.tag_name, "a")
        self.assertTrue(self.focus_is_visible(), "the focused link shows a visible outline")
        ActionChains(self.driver).send_keys(Keys.ENTER).perform()
        self.wait.until(lambda d: d.current_url.endswith("/desk/1"))

    def test_english_on_request(self):
        self.server.issue("A")
        self.sign_in(query="?lang=en")
        self.until_text("call-next", "Call next")
        self.click("call-next")
        self.until_text("current-state", "Called")


if __name__ == "__main__":
    unittest.main(verbosity=2)
