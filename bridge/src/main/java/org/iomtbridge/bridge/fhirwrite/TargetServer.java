package org.iomtbridge.bridge.fhirwrite;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.function.Function;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a FHIR server says it can do, as far as the bridge cares, read from its CapabilityStatement (the server mode
 * {@code rest} entry): whether it takes transaction and batch bundles, and which interactions it allows on each
 * resource type. The bridge uses no conditional operation (no {@code If-None-Exist}, {@code If-Match} or conditional
 * update: every write is a {@code PUT} to a deterministic id), so conditional support is not read.
 *
 * @param interactions per resource type, the interactions the server lists; a type it does not list is absent
 */
public record TargetServer(boolean transaction, boolean batch, Map<String, Set<TypeRestfulInteraction>> interactions) {

    public TargetServer {
        interactions = Map.copyOf(interactions);
    }

    /** How bundles are sent: {@code auto} follows the server's statement; the others override it. */
    public enum BundleTypeSetting { AUTO, TRANSACTION, BATCH }

    public static TargetServer of(CapabilityStatement statement) {
        boolean transaction = false;
        boolean batch = false;
        Map<String, Set<TypeRestfulInteraction>> interactions = new TreeMap<>();
        for (CapabilityStatementRestComponent rest : statement.getRest()) {
            if (rest.getMode() == CapabilityStatement.RestfulCapabilityMode.CLIENT) {
                continue;
            }
            for (CapabilityStatement.SystemInteractionComponent interaction : rest.getInteraction()) {
                transaction |= interaction.getCode() == CapabilityStatement.SystemRestfulInteraction.TRANSACTION;
                batch |= interaction.getCode() == CapabilityStatement.SystemRestfulInteraction.BATCH;
            }
            for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                Set<TypeRestfulInteraction> allowed = interactions.computeIfAbsent(resource.getType(),
                        type -> EnumSet.noneOf(TypeRestfulInteraction.class));
                resource.getInteraction().stream().map(CapabilityStatement.ResourceInteractionComponent::getCode)
                        .filter(code -> code != null && code != TypeRestfulInteraction.NULL).forEach(allowed::add);
            }
        }
        return new TargetServer(transaction, batch, interactions);
    }

    /**
     * The type of bundle to send: as the setting says, or with {@code auto} a transaction where the server lists them,
     * a batch where it lists only batches, and a transaction where it lists neither (HAPI JPA serves both without
     * listing them, so silence is no refusal).
     */
    public Bundle.BundleType bundleType(BundleTypeSetting setting) {
        return switch (setting) {
            case TRANSACTION -> Bundle.BundleType.TRANSACTION;
            case BATCH -> Bundle.BundleType.BATCH;
            case AUTO -> transaction || !batch ? Bundle.BundleType.TRANSACTION : Bundle.BundleType.BATCH;
        };
    }

    /** Why the server cannot take what the features write, naming what is missing and what to do; empty when it can. */
    public Optional<String> refusal(List<FhirWrites> writes) {
        Map<String, Set<String>> updaters = byType(writes, FhirWrites::updates);
        Map<String, Set<String>> deleters = byType(writes, FhirWrites::deletes);
        List<String> problems = new ArrayList<>();
        Set<String> absent = new TreeSet<>(updaters.keySet());
        absent.addAll(deleters.keySet());
        absent.removeIf(interactions::containsKey);
        if (!absent.isEmpty()) {
            Map<String, Set<String>> writers = new TreeMap<>(deleters);
            updaters.forEach((type, features) -> writers.merge(type, features, TargetServer::union));
            problems.add("it lists no " + String.join(", ", absent) + " resource, which " + who(absent, writers,
                    "write") + (absent.contains("Provenance") ? " (every batch carries a Provenance naming where its"
                    + " data came from)" : "") + ": enable these resource types on the server, or point"
                    + " iomt.fhir.base-url at one that has them");
        }
        Map<String, Set<String>> noUpdate = lacking(updaters, TypeRestfulInteraction.UPDATE);
        if (!noUpdate.isEmpty()) {
            problems.add("it does not allow update (PUT) on " + String.join(", ", noUpdate.keySet()) + ", which "
                    + who(noUpdate.keySet(), noUpdate, "write") + " to their own deterministic ids, so that a"
                    + " write repeated changes nothing: allow update with client-assigned ids for these types");
        }
        Map<String, Set<String>> noDelete = lacking(deleters, TypeRestfulInteraction.DELETE);
        if (!noDelete.isEmpty()) {
            problems.add("it does not allow delete on " + String.join(", ", noDelete.keySet()) + ", which "
                    + who(noDelete.keySet(), noDelete, "delete") + ": allow delete for these types, or turn"
                    + " that feature off");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static Map<String, Set<String>> byType(List<FhirWrites> writes,
                                                   Function<FhirWrites, Set<String>> types) {
        Map<String, Set<String>> features = new TreeMap<>();
        for (FhirWrites feature : writes) {
            types.apply(feature).forEach(type -> features.computeIfAbsent(type, t -> new TreeSet<>()).add(feature.feature()));
        }
        return features;
    }

    private Map<String, Set<String>> lacking(Map<String, Set<String>> needed, TypeRestfulInteraction interaction) {
        Map<String, Set<String>> lacking = new TreeMap<>(needed);
        lacking.keySet().removeIf(type -> !interactions.containsKey(type) || interactions.get(type).contains(interaction));
        return lacking;
    }

    /** {@code the sync of measurements and the FHIR Consent write}, for {@code verb} write */
    private static String who(Set<String> types, Map<String, Set<String>> features, String verb) {
        Set<String> named = new TreeSet<>();
        types.forEach(type -> named.addAll(features.getOrDefault(type, Set.of())));
        return String.join(" and ", named) + " " + verb + (named.size() == 1 ? "s" : "");
    }

    private static Set<String> union(Set<String> one, Set<String> other) {
        Set<String> both = new TreeSet<>(one);
        both.addAll(other);
        return both;
    }
}
