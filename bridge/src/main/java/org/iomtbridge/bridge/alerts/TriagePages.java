package org.iomtbridge.bridge.alerts;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Optional;

/**
 * The care team's triage list: open alerts, newest reading first, each acknowledged with one click; and the alerts
 * already dealt with, for the record.
 */
@Controller
class TriagePages {

    static final int SHOWN = 200;

    private final Alerts alerts;

    TriagePages(Alerts alerts) {
        this.alerts = alerts;
    }

    /** @param status {@code OPEN} (the default) or any other status, or {@code ALL} */
    @GetMapping("/dashboard/alerts")
    public String triage(@RequestParam(defaultValue = "OPEN") String status, Model model) {
        Optional<Alert.Status> shown = AlertsController.status(status);
        model.addAttribute("status", shown.map(Enum::name).orElse("ALL"));
        model.addAttribute("statuses", Alert.Status.values());
        model.addAttribute("alerts", alerts.list(shown, Optional.empty(), SHOWN));
        model.addAttribute("open", alerts.openCount());
        return "dashboard/alerts";
    }

    @PostMapping("/dashboard/alerts/{id}/acknowledge")
    public String acknowledge(@PathVariable long id, RedirectAttributes redirect) {
        Alerts.Acknowledgement outcome = alerts.acknowledge(id);
        if (outcome == Alerts.Acknowledgement.NOT_FOUND) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no alert " + id);
        }
        redirect.addFlashAttribute("notice", outcome == Alerts.Acknowledgement.ACKNOWLEDGED
                ? "Alert " + id + " acknowledged." : "Alert " + id + " was no longer open: nothing changed.");
        return "redirect:/dashboard/alerts";
    }
}
