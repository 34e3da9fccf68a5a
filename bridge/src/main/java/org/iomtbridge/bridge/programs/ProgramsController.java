package org.iomtbridge.bridge.programs;

import jakarta.servlet.http.HttpServletRequest;
import org.iomtbridge.bridge.web.Paging;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/programs}: a patient enrolled with the program's devices ({@code POST …/members}), a member's program
 * ended with their devices given back or kept ({@code POST …/members/{withingsUserId}/end?devices=RETURNED|KEPT}),
 * the program's existing Withings RPM members imported ({@code POST …/import}), and the device inventory
 * ({@code GET …/devices}).
 */
@RestController
class ProgramsController {

    /** The consent text the imported members signed when the program took them in. */
    record ImportRequest(String consentTextVersion) {
    }

    private final DeviceEnrollments enrollments;
    private final RpmImport rpmImport;
    private final DeviceInventory inventory;

    ProgramsController(DeviceEnrollments enrollments, RpmImport rpmImport, DeviceInventory inventory) {
        this.enrollments = enrollments;
        this.rpmImport = rpmImport;
        this.inventory = inventory;
    }

    @PostMapping("/api/v1/programs/members")
    ResponseEntity<DeviceEnrollments.Enrolled> enroll(@RequestBody DeviceEnrollments.Enrollment enrollment,
                                                      Principal careTeamMember, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(enrollments.enroll(enrollment, careTeamMember.getName(),
                request.getRemoteAddr()));
    }

    @PostMapping("/api/v1/programs/members/{withingsUserId}/end")
    DeviceEnrollments.Ended end(@PathVariable String withingsUserId, @RequestParam ProgramMembers.Handover devices,
                                Principal careTeamMember) {
        return enrollments.end(withingsUserId, devices, careTeamMember.getName());
    }

    @PostMapping("/api/v1/programs/import")
    RpmImport.Result importMembers(@RequestBody ImportRequest body, Principal careTeamMember,
                                   HttpServletRequest request) {
        return rpmImport.importMembers(body.consentTextVersion(), careTeamMember.getName(), request.getRemoteAddr());
    }

    @GetMapping("/api/v1/programs/devices")
    List<DeviceInventory.Line> devices(@RequestParam(defaultValue = "0") int page) {
        if (page < 0 || page > Paging.MAX_PAGE) {
            throw new ProgramRefusal(HttpStatus.BAD_REQUEST, Paging.PAGE_RANGE);
        }
        return inventory.page(page);
    }

    @ExceptionHandler(ProgramRefusal.class)
    ResponseEntity<Map<String, String>> refused(ProgramRefusal refusal) {
        return ResponseEntity.status(refusal.status()).body(Map.of("error", refusal.getMessage()));
    }
}
