package io.drkit.tracking;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The courier network every seeded database shares: a sorting hub in each city and a few depots
 * around it, so that parcels travel depot → hub(s) → depot as real ones do.
 */
public final class StationNetwork {

    private record City(String code, String city, String province, double lat, double lon) {}

    private static final List<City> CITIES = List.of(
            new City("SHA", "上海", "上海市", 31.2304, 121.4737),
            new City("PEK", "北京", "北京市", 39.9042, 116.4074),
            new City("CAN", "广州", "广东省", 23.1291, 113.2644),
            new City("SZX", "深圳", "广东省", 22.5431, 114.0579),
            new City("HGH", "杭州", "浙江省", 30.2741, 120.1551),
            new City("NKG", "南京", "江苏省", 32.0603, 118.7969),
            new City("CTU", "成都", "四川省", 30.5728, 104.0668),
            new City("CKG", "重庆", "重庆市", 29.5630, 106.5516),
            new City("WUH", "武汉", "湖北省", 30.5928, 114.3055),
            new City("XIY", "西安", "陕西省", 34.3416, 108.9398),
            new City("TSN", "天津", "天津市", 39.3434, 117.3616),
            new City("CSX", "长沙", "湖南省", 28.2282, 112.9388),
            new City("TAO", "青岛", "山东省", 36.0671, 120.3826),
            new City("XMN", "厦门", "福建省", 24.4798, 118.0894),
            new City("KMG", "昆明", "云南省", 24.8801, 102.8329),
            new City("SHE", "沈阳", "辽宁省", 41.8057, 123.4315));

    private static final String[] DEPOT_NAMES = {"中心", "东区", "西区", "南区", "北区"};

    private final List<Station> stations;

    private StationNetwork(List<Station> stations) {
        this.stations = stations;
    }

    /** The hub of each city plus {@code depotsPerCity} depots. */
    public static StationNetwork of(int depotsPerCity) {
        List<Station> list = new ArrayList<>();
        for (City c : CITIES) {
            for (int d = 0; d <= depotsPerCity; d++) {
                boolean hub = d == 0;
                String name = c.city() + (hub ? "转运中心" : DEPOT_NAMES[(d - 1) % DEPOT_NAMES.length] + "营业部" + (d > 5 ? d : ""));
                list.add(new Station(String.format("%s%02d", c.code(), d), name, c.city(), c.province(), hub,
                        coordinate(c.lat() + d * 0.013), coordinate(c.lon() - d * 0.017)));
            }
        }
        return new StationNetwork(List.copyOf(list));
    }

    public List<Station> stations() {
        return stations;
    }

    public int cityCount() {
        return CITIES.size();
    }

    public Station hubOf(Station station) {
        return stations.stream().filter(s -> s.hub() && s.city().equals(station.city())).findFirst().orElseThrow();
    }

    public List<Station> hubs() {
        return stations.stream().filter(Station::hub).toList();
    }

    public List<Station> depots() {
        return stations.stream().filter(s -> !s.hub()).toList();
    }

    private static BigDecimal coordinate(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP);
    }
}
