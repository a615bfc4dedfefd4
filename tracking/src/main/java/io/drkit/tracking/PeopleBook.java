package io.drkit.tracking;

import java.util.SplittableRandom;

/**
 * Made-up but realistic personal data: Chinese names, mainland mobile numbers and street
 * addresses. Deterministic for a given random source, so a seed always gives the same people.
 */
final class PeopleBook {

    private static final String[] SURNAMES = {
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
        "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "欧阳", "司马"};
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬建国志强海燕丹晨阳浩宇欣怡子涵梓萱俊杰";
    private static final String[] DISTRICTS = {"浦东新区", "朝阳区", "天河区", "南山区", "西湖区", "鼓楼区", "武侯区", "渝中区",
        "江汉区", "雁塔区", "和平区", "岳麓区", "市南区", "思明区", "五华区", "沈河区", "海淀区", "徐汇区"};
    private static final String[] STREETS = {"人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "长江路", "黄河路",
        "文化路", "科技园路", "滨江大道", "南京路", "胜利街", "光明街", "幸福里"};
    private static final String[] MOBILE_PREFIXES = {"130", "131", "132", "133", "135", "136", "137", "138", "139",
        "150", "151", "152", "155", "156", "157", "158", "159", "166", "170", "171", "173", "175", "176", "177",
        "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"};

    private PeopleBook() {}

    static String name(SplittableRandom r) {
        StringBuilder b = new StringBuilder(SURNAMES[r.nextInt(SURNAMES.length)]);
        int chars = r.nextInt(4) == 0 ? 1 : 2;
        for (int i = 0; i < chars; i++) {
            b.append(GIVEN.charAt(r.nextInt(GIVEN.length())));
        }
        return b.toString();
    }

    static String mobile(SplittableRandom r) {
        return MOBILE_PREFIXES[r.nextInt(MOBILE_PREFIXES.length)] + String.format("%08d", r.nextInt(100_000_000));
    }

    static String address(SplittableRandom r, Station near) {
        String district = DISTRICTS[r.nextInt(DISTRICTS.length)];
        String street = STREETS[r.nextInt(STREETS.length)];
        StringBuilder b = new StringBuilder(near.province());
        if (!near.province().equals(near.city() + "市")) {
            b.append(near.city()).append('市');
        }
        b.append(district).append(street).append(1 + r.nextInt(999)).append('号');
        if (r.nextInt(3) > 0) {
            b.append(1 + r.nextInt(30)).append('栋').append(1 + r.nextInt(3)).append("单元")
                    .append(101 + r.nextInt(30) * 100 + r.nextInt(6)).append('室');
        }
        return b.toString();
    }
}
