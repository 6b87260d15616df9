"""The administration page (/admin) in a real headless Chromium, against a real `atiende serve`.

Run: python3 Tests/Browser/admin_page_test.py  (scripts/test.sh does). Shares the server and
the browser of every page test (harness.py).
"""
import json
import os
import unittest
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By

from harness import ANA, EVA, PageTest


class AdminPageTests(PageTest):
    shot = "admin"

    def open(self, account=EVA):
        self.sign_in_at("/admin", account)

    def field(self, element_id, text):
        box = self.driver.find_element(By.ID, element_id)
        box.clear()
        box.send_keys(text)

    def put_office(self, office, version):
        """Another admin's change, made on `version`; the HTTP status it got."""
        token = self.server.sign_in(EVA)
        request = urllib.request.Request(f"{self.server.url}/api/office?version={version}", method="PUT",
                                         data=json.dumps(office).encode(),
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def latest_version(self):
        return self.server.api("GET", "/api/office/versions", token=self.server.sign_in(EVA))[0]["version"]

    def test_an_admin_adds_a_service_and_the_kiosks_status_has_it(self):
        self.open()
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
        self.field("new-code", "e")
        self.field("new-name-es", "Certificados")
        self.field("new-description-es", "Pida un certificado de su caso")
        self.driver.find_element(By.ID, "save-services").click()
        self.until_text("message", "Guardado: versión")
        services = {s["code"]: s["name"] for s in self.server.api("GET", "/api/status")["services"]}
        self.assertEqual(services.get("E"), "Certificados")
        # Its English name was not typed: it is not a copy of the Spanish one.
        added = [s for s in self.server.api("GET", "/api/office")["services"] if s["code"] == "E"][0]
        self.assertEqual(added["name"], {"es": "Certificados"})
        # The form is empty again, so the next save anywhere does not add E a second time.
        self.assertEqual(self.driver.find_element(By.ID, "new-code").get_attribute("value"), "")
        self.driver.find_element(By.ID, "save-desks").click()
        self.until_text("message", "Nada cambió")
        self.until_text("versions", "eva")
        self.driver.find_element(By.CSS_SELECTOR, "#versions li:first-child button").click()
        self.until_text("message", "está en el editor")
        self.assertIn("Certificados", self.driver.find_element(By.ID, "config-json").get_attribute("value"))

    def test_a_wrong_value_is_named_as_the_page_shows_it_and_changes_nothing(self):
        self.open()
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
        self.field("target", "0")
        self.driver.find_element(By.ID, "save-hours").click()
        self.until_text("message", "Meta de espera (minutos): escriba un número entero de 1 a 240.")
        self.assertEqual(self.server.api("GET", "/api/office")["targetWaitMinutes"], 15)
        self.field("target", "15")
        self.field("new-code", "a")
        self.field("new-name-es", "Otra")
        self.driver.find_element(By.ID, "save-services").click()
        self.until_text("message", "Agregar un servicio · Código: la letra A ya es de «Orientación y asesoría»; elija otra.")

    def edit_json(self, change):
        """Changes the office's config in the page's JSON editor and saves it."""
        box = self.driver.find_element(By.ID, "config-json")
        office = self.server.api("GET", "/api/office", token=self.server.sign_in(EVA))
        change(office)
        self.driver.execute_script("arguments[0].value = arguments[1]", box, json.dumps(office, ensure_ascii=False, indent=2))
        self.driver.find_element(By.ID, "save-json").click()

    def test_what_the_server_refuses_is_told_in_the_pages_language(self):
        self.server.issue("D")
        self.open()
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
        self.edit_json(lambda office: office.update(timeZone="Marte/Base"))
        self.until_text("message", "No se guardó: Zona horaria (timeZone): no existe la zona horaria 'Marte/Base': "
                                   "use un nombre IANA como America/Bogota")
        # Saved from far down the page, the answer is in sight, not at the top.
        self.assertTrue(self.driver.execute_script(
            "const r = document.getElementById('message').getBoundingClientRect();"
            "return window.scrollY > 1000 && r.top >= 0 && r.bottom <= window.innerHeight"))
        self.edit_json(lambda office: office["desks"][1]["services"].append("Z"))
        self.until_text("message", "No se guardó: Ventanillas, fila 2 · Servicios que atiende, n.º 4 (desks[1].services[3]): "
                                   "no hay un servicio 'Z'")
        # Well formed, but it would leave the person waiting for D without a service.
        self.edit_json(lambda office: office.update(services=[s for s in office["services"] if s["code"] != "D"],
                                                    desks=[dict(d, services=[c for c in d["services"] if c != "D"]) for d in office["desks"]]))
        self.until_text("message", "No se guardó: el servicio D aún tiene 1 turno abierto")
        self.assertIn("D", [s["code"] for s in self.server.api("GET", "/api/office")["services"]])

    def test_saving_the_notices_keeps_their_dates_and_english(self):
        office = self.server.api("GET", "/api/office", token=self.server.sign_in(EVA))
        office["notices"] = [{"text": {"es": "Hoy cerramos a las 15:00", "en": "Today we close at 15:00"},
                              "from": "2026-11-23", "to": "2026-11-24"}]
        self.assertEqual(self.put_office(office, self.latest_version()), 200)
        self.open()
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
        self.driver.find_element(By.ID, "save-notices").click()
        self.until_text("message", "Nada cambió")
        self.assertEqual(self.server.api("GET", "/api/office")["notices"], office["notices"])

    def test_two_admins_never_overwrite_each_other_unseen(self):
        self.open()
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
        seen = self.latest_version()
        # Another admin changes the target meanwhile: this page reloads and says so.
        office = self.server.api("GET", "/api/office", token=self.server.sign_in(EVA))
        office["targetWaitMinutes"] = 20
        self.assertEqual(self.put_office(office, seen), 200)
        self.until_text("message", f"la página muestra ahora la versión {seen + 1}")
        self.assertEqual(self.driver.find_element(By.ID, "target").get_attribute("value"), "20")
        # A change made on the old version is refused whole, and nothing changes.
        office["targetWaitMinutes"] = 30
        self.assertEqual(self.put_office(office, seen), 409)
        self.assertEqual(self.server.api("GET", "/api/office")["targetWaitMinutes"], 20)

    def test_the_clock_is_the_offices(self):
        self.open()
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
        self.until_text("clock", "09:00")

    def test_an_admin_adds_a_person_who_can_then_sign_in(self):
        self.open()
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
        self.field("staff-name", "Rosa Pérez")
        self.field("staff-user", "rosa")
        self.field("staff-desks", "3")
        self.field("staff-password", "rosa-secret-55")
        self.driver.find_element(By.ID, "add-staff").click()
        self.until_text("message", "rosa puede entrar")
        self.until_text("staff-rows", "Rosa Pérez")
        self.assertTrue(self.server.sign_in(("rosa", "rosa-secret-55")))

    def test_what_to_bring_and_a_services_own_hours_reach_the_office(self):
        self.open()
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
        bring = self.driver.find_element(By.CSS_SELECTOR, "#service-rows tr:nth-child(1) input.bring")
        bring.clear()
        bring.send_keys("Su cédula; Una carta de la entidad")
        self.driver.execute_script(
            "const row = document.querySelector('#service-rows tr:nth-child(2)');"
            "row.querySelector('input.opens').value = '08:00'; row.querySelector('input.closes').value = '12:00';")
        self.driver.find_element(By.ID, "save-services").click()
        self.until_text("message", "Guardado: versión")
        services = self.server.api("GET", "/api/office")["services"]
        self.assertEqual(services[0]["bring"]["es"], ["Su cédula", "Una carta de la entidad"])
        self.assertEqual((services[1]["hours"]["open"], services[1]["hours"]["close"]), ("08:00", "12:00"))

    def test_saturday_gets_its_own_hours(self):
        self.open()
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
        self.driver.find_element(By.CSS_SELECTOR, "#week-rows tr[data-day='sat'] .open-day").click()
        self.driver.execute_script(
            "const row = document.querySelector(\"#week-rows tr[data-day='sat']\");"
            "row.querySelector('.opens').value = '08:00'; row.querySelector('.closes').value = '12:00';")
        self.driver.find_element(By.ID, "save-hours").click()
        self.until_text("message", "Guardado: versión")
        hours = self.server.api("GET", "/api/office")["hours"]
        self.assertEqual((hours["open"], hours["close"]), ("08:00", "17:00"))
        self.assertEqual(hours["days"], ["mon", "tue", "wed", "thu", "fri"])
        self.assertEqual(hours["byDay"], {"sat": {"open": "08:00", "close": "12:00"}})

    def test_an_admin_changes_a_persons_role_and_password(self):
        self.open()
        self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
        self.driver.find_element(By.CSS_SELECTOR, "button[aria-label='Cambiar laura']").click()
        self.wait.until(lambda d: d.find_element(By.ID, "staff-dialog").is_displayed())
        self.driver.find_element(By.CSS_SELECTOR, "#edit-role option[value='supervisor']").click()
        self.field("edit-password", "laura-new-secret-7")
        self.driver.find_element(By.ID, "staff-save").click()
        self.until_text("message", "laura: cambio guardado")
        self.assertTrue(self.server.sign_in(("laura", "laura-new-secret-7")))
        staff = {a["user"]: a for a in self.server.api("GET", "/api/staff", token=self.server.sign_in(EVA))}
        self.assertEqual(staff["laura"]["role"], "supervisor")

    def test_a_supervisor_is_told_the_page_is_for_admins(self):
        self.open(account=ANA)
        self.until_text("page-error", "esta página es para administración")

    def test_the_page_is_clean_under_axe_at_every_size(self):
        for width, height in [(1366, 768), (768, 1024), (390, 844)]:
            self.driver.set_window_size(width, height)
            self.driver.get(f"{self.server.url}/")
            self.driver.execute_script("localStorage.clear(); sessionStorage.clear()")
            self.open()
            self.wait.until(lambda d: d.find_element(By.ID, "console").is_displayed())
            self.assertEqual(self.axe_serious(), [], f"admin page at {width}")
            sideways = self.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            self.assertLessEqual(sideways, 0, f"no sideways scrolling at {width}")
            if os.environ.get("ATIENDE_SHOTS"):
                self.driver.save_screenshot(os.path.join(os.environ["ATIENDE_SHOTS"], f"admin-{width}.png"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
