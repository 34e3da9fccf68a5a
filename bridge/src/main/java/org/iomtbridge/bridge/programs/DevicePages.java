package org.iomtbridge.bridge.programs;

import jakarta.servlet.http.HttpServletRequest;
import org.iomtbridge.bridge.consent.Onboarding;
import org.iomtbridge.bridge.web.Paging;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;

/**
 * The care team's devices page: the inventory of the program's devices, a patient enrolled with a device (the MAC
 * typed or scanned into the form), a member's program ended, and a Withings RPM program's members imported.
 */
@Controller
class DevicePages {

    private final DeviceEnrollments enrollments;
    private final RpmImport rpmImport;
    private final DeviceInventory inventory;
    private final Onboarding onboarding;

    DevicePages(DeviceEnrollments enrollments, RpmImport rpmImport, DeviceInventory inventory, Onboarding onboarding) {
        this.enrollments = enrollments;
        this.rpmImport = rpmImport;
        this.inventory = inventory;
        this.onboarding = onboarding;
    }

    @GetMapping("/dashboard/devices")
    String devices(@RequestParam(defaultValue = "0") int page, Model model) {
        int shown = Math.max(0, Math.min(page, Paging.MAX_PAGE));
        model.addAttribute("devices", inventory.page(shown));
        model.addAttribute("page", shown);
        model.addAttribute("pageSize", DeviceInventory.PAGE_SIZE);
        model.addAttribute("consentTextVersion", onboarding.consentTextVersion());
        return "dashboard/devices";
    }

    @PostMapping("/dashboard/devices")
    String enroll(@RequestParam String patient, @RequestParam String macAddress,
                  @RequestParam(required = false) BigDecimal heightCm, @RequestParam(required = false) BigDecimal weightKg,
                  @RequestParam(required = false) LocalDate birthDate, @RequestParam(required = false) String gender,
                  @RequestParam(required = false) String consentTextVersion,
                  @RequestParam(required = false) String signedDocument, Principal careTeamMember,
                  HttpServletRequest request, Model model) {
        try {
            model.addAttribute("enrolled", enrollments.enroll(new DeviceEnrollments.Enrollment(patient,
                    List.of(macAddress), consentTextVersion, signedDocument, heightCm, weightKg, birthDate,
                    blankAsNone(gender), null, null, null), careTeamMember.getName(), request.getRemoteAddr()));
        } catch (ProgramRefusal refusal) {
            model.addAttribute("problem", refusal.getMessage());
        }
        return "dashboard/devices :: result";
    }

    @PostMapping("/dashboard/devices/members/{withingsUserId}/end")
    String end(@PathVariable String withingsUserId, @RequestParam ProgramMembers.Handover devices,
               Principal careTeamMember, Model model) {
        try {
            model.addAttribute("ended", enrollments.end(withingsUserId, devices, careTeamMember.getName()));
        } catch (ProgramRefusal refusal) {
            model.addAttribute("problem", refusal.getMessage());
        }
        return "dashboard/devices :: result";
    }

    /** The program's existing members linked to their Patients; those matching none or several are listed. */
    @PostMapping("/dashboard/devices/import")
    String importMembers(@RequestParam(required = false) String consentTextVersion, Principal careTeamMember,
                         HttpServletRequest request, Model model) {
        try {
            model.addAttribute("imported", rpmImport.importMembers(consentTextVersion, careTeamMember.getName(),
                    request.getRemoteAddr()));
        } catch (ProgramRefusal refusal) {
            model.addAttribute("problem", refusal.getMessage());
        }
        return "dashboard/devices :: result";
    }

    private static String blankAsNone(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
