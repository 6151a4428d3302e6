package jp.madoguchi.conversation.shelter;

import java.util.Comparator;
import java.util.List;

/** The nearest shelters to a point: great-circle (haversine) distance, because the Mongo wire server has no geospatial operators. */
final class NearestShelters {

    private static final double EARTH_RADIUS_METRES = 6_371_008.8;

    /** A shelter and how far it is, in whole metres. */
    record Nearby(Shelter shelter, long metres) {
    }

    private NearestShelters() {
    }

    /**
     * The {@code limit} nearest of {@code shelters} designated for {@code hazard} (null: any), nearest first; equal
     * distances in name order, so the answer is the same every time.
     */
    static List<Nearby> rank(List<Shelter> shelters, double latitude, double longitude, Hazard hazard, int limit) {
        return shelters.stream()
                .filter(s -> s.suitsFor(hazard))
                .map(s -> new Nearby(s, Math.round(metres(latitude, longitude, s.latitude(), s.longitude()))))
                .sorted(Comparator.comparingLong(Nearby::metres).thenComparing(n -> n.shelter().name()).thenComparing(n -> n.shelter().address()))
                .limit(limit)
                .toList();
    }

    static double metres(double lat1, double lng1, double lat2, double lng2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLng = Math.toRadians(lng2 - lng1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLng / 2), 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** 「350m」 below a kilometre, else 「1.2km」. */
    static String distance(long metres) {
        return metres < 1000 ? metres + "m" : String.format(java.util.Locale.ROOT, "%.1fkm", metres / 1000.0);
    }
}
