package org.iomtbridge.withings.model;

import java.util.Map;
import java.util.Optional;

/** Names of the documented Withings device model codes ({@code modelid} / {@code model_id}). */
public final class DeviceModels {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "Withings WBS01"), Map.entry(2, "WS30"), Map.entry(3, "Kid Scale"),
            Map.entry(4, "Smart Body Analyzer"), Map.entry(5, "Body+"), Map.entry(6, "Body Cardio"),
            Map.entry(7, "Body"), Map.entry(9, "Body Pro"), Map.entry(10, "Body Scan"), Map.entry(11, "WBS10"),
            Map.entry(12, "WBS11"), Map.entry(13, "Sleep Analyzer"), Map.entry(18, "Body Comp"),
            Map.entry(41, "BPM V1"), Map.entry(42, "BPM V2"), Map.entry(43, "BPM V3"), Map.entry(44, "BPM Core"),
            Map.entry(45, "BPM Connect"), Map.entry(46, "BPM Connect Pro"), Map.entry(47, "BPM Pro 2"),
            Map.entry(48, "BPM Vision"), Map.entry(51, "Pulse"), Map.entry(52, "Activite"),
            Map.entry(53, "Activite Pop/Steel"), Map.entry(54, "Go"), Map.entry(55, "Steel HR"),
            Map.entry(58, "Pulse HR"), Map.entry(59, "Steel HR Sport"), Map.entry(60, "Aura Dock"),
            Map.entry(61, "Aura Sensor"), Map.entry(63, "Aura Sensor V2"), Map.entry(70, "Thermo"),
            Map.entry(71, "BeamO"), Map.entry(90, "Move"), Map.entry(91, "Move ECG"), Map.entry(92, "Move ECG"),
            Map.entry(93, "ScanWatch"), Map.entry(94, "ScanWatch 2"), Map.entry(95, "ScanWatch Light"),
            Map.entry(100, "WUP01"), Map.entry(1061, "iGlucose"), Map.entry(1063, "Lingo"));

    private DeviceModels() {
    }

    /** The model's name; empty for codes Withings has not documented, which callers keep as raw codes. */
    public static Optional<String> name(int modelId) {
        return Optional.ofNullable(NAMES.get(modelId));
    }
}
