<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 0 }
body { font-family: 'DejaVu Sans'; font-size: 10pt; margin: 0 }
.lh { background:#1a4d99; color:#fff; height:60pt; padding-left:40pt; font-size:22pt; font-weight:bold; line-height:60pt }
.body { padding: 30pt 40pt }
table { width:100%; border-collapse: collapse } td.r { text-align:right }
table.totals { width: 45%; margin-left: 55%; margin-top: 8pt }
.foot { position: absolute; top: 810pt; left: 40pt; font-size: 8pt; color:#666 }
</style></head><body><div class="lh">Acme B.V.</div><div class="body">
<b>FACTUUR</b> {{NUM}}<br>Klant: Jansen &amp; Zn. — Dorpsstraat 12, 1234 AB Ergens<br>Datum: 22-11-2026 Vervaldatum: 22-12-2026<br><br>
<table>{{ROWS}}</table>
<table class="totals">{{TOTALS}}</table></div>
<div class="foot">Acme B.V. - Keizersgracht 1 - 1015 CJ Amsterdam - KvK 12345678 - BTW NL001234567B01 - IBAN NL91ABNA0417164300</div></body></html>
