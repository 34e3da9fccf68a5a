package org.iomtbridge.bridge.adherence;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;

/** The care team's adherence list: who is not measuring enough, sortable, filtered to who needs attention. */
@Controller
class AdherencePages {

    private final Adherence adherence;

    AdherencePages(Adherence adherence) {
        this.adherence = adherence;
    }

    @GetMapping("/dashboard/adherence")
    public String list(@RequestParam(defaultValue = "false") boolean attention,
                       @RequestParam(defaultValue = "days") String sort, Model model) {
        List<Adherence.PatientAdherence> rows = AdherenceReport.of(adherence, null, attention, sort);
        model.addAttribute("rows", rows);
        model.addAttribute("kinds", adherence.kinds());
        model.addAttribute("settings", adherence.settings());
        model.addAttribute("attention", attention);
        model.addAttribute("sort", AdherenceReport.order(sort).name().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("orders", List.of("days", "silence", "change", "patient"));
        return "dashboard/adherence";
    }
}
