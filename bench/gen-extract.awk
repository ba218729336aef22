# gen-extract.awk — a synthetic zone extract for benchmarks: N rows (-v n=),
# French headers, ';', realistic field mix.  Deterministic (srand(1)).
BEGIN {
	srand(1)
	print "numero_pv;commune;date_faits;heure;phenomene;sexe_victime;sexe_auteur;tentative;mode_operatoire;type_lieu"
	split("21001 21002 21003 21004 21005 21006 21007 21008 21009 21010 21011 21012 21013 21014 21015 21016 21017 21018 21019", c, " ")
	split("Vol à la tire;Cambriolage dans habitation;Vol de vélo;Coups et blessures;Dépôts clandestins;Vol dans ou sur véhicule", p, ";")
	for (i = 1; i <= n; i++)
		printf "R%08d;%s;%02d/%02d/%d;%02d:%02d;%s;%s;%s;%d;MO%d;rue\n", i,
		    c[1 + int(rand() * 19)], 1 + int(rand() * 28), 1 + int(rand() * 12),
		    2019 + int(rand() * 7), int(rand() * 24), int(rand() * 60),
		    p[1 + int(rand() * 6)], (rand() < 0.5 ? "F" : "M"),
		    (rand() < 0.7 ? "M" : "F"), (rand() < 0.1), int(rand() * 9)
}
