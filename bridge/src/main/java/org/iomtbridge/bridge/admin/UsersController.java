package org.iomtbridge.bridge.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** {@code /api/v1/users}: the dashboard's users and their roles, for administrators. */
@RestController
class UsersController {

    private final DashboardUsers users;

    public UsersController(DashboardUsers users) {
        this.users = users;
    }

    /** A user to add. */
    public record NewUser(String name, String password, List<String> roles) {
    }

    /** What to change of a user; what is left out stays as it is. */
    public record UserChange(List<String> roles, Boolean enabled, String password) {
    }

    @GetMapping("/api/v1/users")
    public Map<String, List<DashboardUsers.DashboardUser>> list() {
        return Map.of("items", users.list());
    }

    @PostMapping("/api/v1/users")
    public ResponseEntity<DashboardUsers.DashboardUser> create(@RequestBody NewUser user) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(users.create(user.name(), user.password(), Role.named(user.roles())));
    }

    @PutMapping("/api/v1/users/{name}")
    public DashboardUsers.DashboardUser change(@PathVariable String name, @RequestBody UserChange change) {
        DashboardUsers.DashboardUser current = users.find(name).orElseThrow(() ->
                new NoSuchElementException("no user " + name));
        DashboardUsers.DashboardUser changed = users.update(name,
                change.roles() == null ? current.roles() : Role.named(change.roles()),
                change.enabled() == null ? current.enabled() : change.enabled());
        if (change.password() != null) {
            users.resetPassword(name, change.password());
        }
        return changed;
    }

    @DeleteMapping("/api/v1/users/{name}")
    public ResponseEntity<Void> remove(@PathVariable String name) {
        users.remove(name);
        return ResponseEntity.noContent().build();
    }
}
