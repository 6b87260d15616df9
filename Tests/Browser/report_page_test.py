"""The report page `atiende report --html` writes, in a real headless Chromium, under axe-core 4."""
import os
import subprocess
import unittest

from harness import ATIENDE, STAFF, PageTest


class ReportPageTests(PageTest):
    shot = "report"

    def test_the_report_reads_at_every_size_and_is_clean_under_axe(self):
        for service in ["A", "B", "A"]:
            self.server.issue(service)
        for step in ["next", "start", "finish", "next", "no-show"]:
            self.server.api("POST", f"/api/desks/1/{step}", token=STAFF)
        page = os.path.join(self.server.folder, "report.html")
        subprocess.run([ATIENDE, "report", "--html", page], env=self.server.env, check=True, stdout=subprocess.DEVNULL)
        for width, height in [(1366, 768), (768, 1024), (390, 844)]:
            self.driver.set_window_size(width, height)
            self.driver.get("file://" + page)
            self.assertIn("Orientación y asesoría", self.driver.page_source)
            self.assertEqual(self.axe_serious(), [], f"report at {width}")
            # A phone shows it at its own width (there was no viewport tag: 980 px wide).
            self.assertLessEqual(self.driver.execute_script("return document.documentElement.scrollWidth"), width, f"report at {width}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
