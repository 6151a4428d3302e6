package jp.madoguchi.conversation.shelter;

import java.util.Set;

/** One designated emergency evacuation site as the town published it; {@code capacity} is null when not given. */
record Shelter(String name, String address, double latitude, double longitude, Set<Hazard> hazards, Integer capacity) {

    Shelter {
        hazards = Set.copyOf(hazards);
    }

    boolean suitsFor(Hazard hazard) {
        return hazard == null || hazards.contains(hazard);
    }
}
