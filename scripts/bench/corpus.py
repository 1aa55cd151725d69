#!/usr/bin/env python3
"""Generate the benchmark corpus: JSON Lines articles made from scripts/bench/templates.txt.

usage: corpus.py MEGABYTES OUT.jsonl [SEED]
Deterministic for a seed; about 4 KB an article, a realistic mix of figure sentences and noise.
"""
import json, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
PLACES = "حلب إدلب دمشق حمص حماة الرقة درعا الحسكة القامشلي اللاذقية البوكمال الميادين منبج الباب".split()
PLACES += ["دير الزور", "معرة النعمان", "خان شيخون", "جسر الشغور"]
TOWNS = ("داريا دوما عربين حرستا سقبا سراقب أريحا كفرنبل سرمين أطمة الدانا الأتارب اللطامنة "
         "كفرزيتا تلبيسة الرستن داعل الصنمين نوى طفس هجين الشعفة الشولا بنش تفتناز").split()
TOWNS += ["خان طومان", "كفر نبودة"]
GOVS = ["ريف حلب الغربي", "ريف إدلب الجنوبي", "ريف حماة الشمالي", "ريف دمشق", "محافظة درعا",
        "ريف دير الزور الشرقي", "الغوطة الشرقية", "محافظة إدلب"]
GROUPS = ["مدنيين", "عناصر من قوات النظام", "مقاتلين من فصائل المعارضة", "عناصر من تنظيم الدولة",
          "مدنياً بينهم نساء", "عسكريين"]
DAYS = ["اليوم الجمعة", "أمس الخميس", "الليلة الماضية", "صباح الأحد", "أول من أمس", "مساء السبت"]
MONTHS = ["آذار", "نيسان", "أيار", "حزيران", "كانون الثاني", "شباط"]
OUTLETS = ["المرصد السوري لحقوق الإنسان", "الدفاع المدني", "مراسلون محليون", "وكالة الأنباء"]
# A quarter or camp and the city it belongs to: {hood} is "حي X في Y" style text.
HOODS = ["حي الصاخور في حلب", "حي الشعار في حلب", "حي الكلاسة بمدينة حلب", "حي جوبر الدمشقي",
         "مخيم اليرموك جنوب دمشق", "حي الوعر في حمص", "حي القصور في حمص", "حي طريق السد في درعا",
         "حي الحويقة في دير الزور", "حي الرشدية بدير الزور", "مخيم الركبان", "حي القابون",
         "حي برزة الدمشقي", "حي بابا عمرو في حمص", "حي المشهد بحلب"]
NUMWORDS = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة", "أحد عشر",
            "خمسة عشر", "عشرين", "ثلاثين", "عشرات", "نحو عشرين", "أكثر من ثلاثين"]


def main():
    mb, out = float(sys.argv[1]), sys.argv[2]
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    lines = [l.rstrip("\n") for l in open(os.path.join(HERE, "templates.txt"), encoding="utf-8")
             if l.strip() and not l.startswith("#")]
    figures = [l for l in lines if not l.startswith("noise:")]
    noise = [l[6:].strip() for l in lines if l.startswith("noise:")]
    target, size, i = int(mb * 1024 * 1024), 0, 0
    with open(out, "w", encoding="utf-8") as f:
        while size < target:
            i += 1
            sents = []
            while sum(len(s.encode()) for s in sents) < 3800:
                t = rnd.choice(figures if rnd.random() < 0.35 else noise)
                sents.append(t.format(place=rnd.choice(PLACES), town=rnd.choice(TOWNS),
                                      gov=rnd.choice(GOVS), n=rnd.randint(2, 60),
                                      m=rnd.randint(2, 90), group=rnd.choice(GROUPS),
                                      day=rnd.choice(DAYS), month=rnd.choice(MONTHS),
                                      outlet=rnd.choice(OUTLETS), hood=rnd.choice(HOODS),
                                      dom=rnd.randint(1, 28), nw=rnd.choice(NUMWORDS)))
            d = {"id": f"bench-{i:06d}", "date": f"2018-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                 "text": " ".join(sents)}
            line = json.dumps(d, ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode())
    print(f"{i} articles, {size / 1048576:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
