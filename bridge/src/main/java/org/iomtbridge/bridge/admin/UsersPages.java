package org.iomtbridge.bridge.admin;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.NoSuchElementException;

/** The dashboard's Users page: who signs in, with which roles; for administrators. */
@Controller
class UsersPages {

    private final DashboardUsers users;

    public UsersPages(DashboardUsers users) {
        this.users = users;
    }

    @GetMapping("/dashboard/users")
    public String users(Model model) {
        model.addAttribute("users", users.list());
        model.addAttribute("roles", Role.values());
        model.addAttribute("minPassword", DashboardUsers.MIN_PASSWORD_LENGTH);
        return "dashboard/users";
    }

    @PostMapping("/dashboard/users")
    public String add(@RequestParam String name, @RequestParam String password,
                      @RequestParam(required = false) List<String> roles, RedirectAttributes outcome) {
        return attempt(outcome, "Added " + name + ".", () -> users.create(name, password, Role.named(roles)));
    }

    @PostMapping("/dashboard/users/{name}/roles")
    public String change(@PathVariable String name, @RequestParam(required = false) List<String> roles,
                         @RequestParam(defaultValue = "false") boolean enabled, RedirectAttributes outcome) {
        return attempt(outcome, "Saved " + name + ".", () -> users.update(name, Role.named(roles), enabled));
    }

    @PostMapping("/dashboard/users/{name}/password")
    public String resetPassword(@PathVariable String name, @RequestParam String password, RedirectAttributes outcome) {
        return attempt(outcome, "Set a new password for " + name + ".", () -> users.resetPassword(name, password));
    }

    @PostMapping("/dashboard/users/{name}/remove")
    public String remove(@PathVariable String name, RedirectAttributes outcome) {
        return attempt(outcome, "Removed " + name + ".", () -> users.remove(name));
    }

    /** Post, then redirect to the list, which says how it went. */
    private static String attempt(RedirectAttributes outcome, String done, Runnable change) {
        try {
            change.run();
            outcome.addFlashAttribute("done", done);
        } catch (IllegalArgumentException | NoSuchElementException | DashboardUsers.Refused refused) {
            outcome.addFlashAttribute("problem", refused.getMessage());
        }
        return "redirect:/dashboard/users";
    }
}
