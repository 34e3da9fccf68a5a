package org.iomtbridge.withings.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The documented {@code getmeas} measure types. Unknown codes stay raw integers in {@link Measure#type()}. */
public enum MeasureType {
    WEIGHT(1, "Weight (kg)"),
    HEIGHT(4, "Height (m)"),
    FAT_FREE_MASS(5, "Fat free mass (kg)"),
    FAT_RATIO(6, "Fat ratio (%)"),
    FAT_MASS(8, "Fat mass weight (kg)"),
    DIASTOLIC_BLOOD_PRESSURE(9, "Diastolic blood pressure (mmHg)"),
    SYSTOLIC_BLOOD_PRESSURE(10, "Systolic blood pressure (mmHg)"),
    HEART_PULSE(11, "Heart pulse (bpm)"),
    TEMPERATURE(12, "Temperature (celsius)"),
    SPO2(54, "SpO2 (%)"),
    BODY_TEMPERATURE(71, "Body temperature (celsius)"),
    SKIN_TEMPERATURE(73, "Skin temperature (celsius)"),
    MUSCLE_MASS(76, "Muscle mass (kg)"),
    HYDRATION(77, "Hydration (kg)"),
    BONE_MASS(88, "Bone mass (kg)"),
    PULSE_WAVE_VELOCITY(91, "Pulse wave velocity (m/s)"),
    GLUCOSE(119, "Glucose"),
    VO2MAX(123, "VO2 max (ml/min/kg)"),
    AFIB_RESULT(130, "Atrial fibrillation result"),
    QRS_INTERVAL(135, "QRS interval duration based on ECG signal (ms)"),
    PR_INTERVAL(136, "PR interval duration based on ECG signal (ms)"),
    QT_INTERVAL(137, "QT interval duration based on ECG signal (ms)"),
    QTC_INTERVAL(138, "Corrected QT interval duration based on ECG signal (ms)"),
    AFIB_PPG(139, "Atrial fibrillation result from PPG"),
    VASCULAR_AGE(155, "Vascular age (years)"),
    NERVE_HEALTH_LEFT_FOOT(158, "Nerve health score, left foot"),
    NERVE_HEALTH_RIGHT_FOOT(159, "Nerve health score, right foot"),
    NERVE_HEALTH_SCORE(167, "Nerve health score conductance 2 electrodes feet"),
    EXTRACELLULAR_WATER(168, "Extracellular water (kg)"),
    INTRACELLULAR_WATER(169, "Intracellular water (kg)"),
    VISCERAL_FAT(170, "Visceral fat (without unit)"),
    SEGMENTAL_FAT_FREE_MASS(173, "Fat free mass for segments (kg)"),
    SEGMENTAL_FAT_MASS(174, "Fat mass for segments (kg)"),
    SEGMENTAL_MUSCLE_MASS(175, "Muscle mass for segments (kg)"),
    ELECTRODERMAL_ACTIVITY_FEET(196, "Electrodermal activity feet"),
    ELECTRODERMAL_ACTIVITY_LEFT_FOOT(197, "Electrodermal activity left foot"),
    ELECTRODERMAL_ACTIVITY_RIGHT_FOOT(198, "Electrodermal activity right foot"),
    BASAL_METABOLIC_RATE(226, "Basal metabolic rate (kcal)"),
    METABOLIC_AGE(227, "Metabolic age (years)"),
    ELECTROCHEMICAL_SKIN_CONDUCTANCE(229, "Electrochemical skin conductance");

    private static final Map<Integer, MeasureType> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MeasureType::code, Function.identity()));

    private final int code;
    private final String description;

    MeasureType(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static Optional<MeasureType> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
