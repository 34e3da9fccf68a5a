package org.iomtbridge.emulator.program;

import org.iomtbridge.emulator.api.Envelopes;
import org.iomtbridge.emulator.api.Params;
import org.iomtbridge.emulator.api.WithingsError;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** {@code /v2/dropshipment} (createuserorder) and {@code /v2/device} (endpartnerprogram): the program's own services. */
@RestController
@RequestMapping(method = {RequestMethod.GET, RequestMethod.POST})
public class ProgramApiController {

    private final Program program;

    public ProgramApiController(Program program) {
        this.program = program;
    }

    @RequestMapping("/v2/dropshipment")
    public Map<String, Object> dropshipment(@RequestParam Map<String, String> params) {
        Params call = new Params(params);
        return switch (call.required("action")) {
            case "createuserorder" -> Envelopes.ok(program.createUserOrder(call));
            default -> throw new WithingsError(2554, "Not implemented: action " + call.required("action"));
        };
    }

    @RequestMapping("/v2/device")
    public Map<String, Object> device(@RequestParam Map<String, String> params) {
        Params call = new Params(params);
        return switch (call.required("action")) {
            case "endpartnerprogram" -> Envelopes.ok(program.endProgram(call));
            default -> throw new WithingsError(2554, "Not implemented: action " + call.required("action"));
        };
    }
}
