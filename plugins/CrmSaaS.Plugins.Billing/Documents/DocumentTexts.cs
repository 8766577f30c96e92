using CrmSaaS.Plugins.Billing.Domain;

namespace CrmSaaS.Plugins.Billing.Documents;

/// <summary>
/// The words on a document in the client's language (English or German), whatever the language of
/// the member who issues it: documents do not go through the UI's localizer.
/// </summary>
public sealed class DocumentTexts
{
    public static readonly DocumentTexts English = new(false);
    public static readonly DocumentTexts German = new(true);

    private readonly bool _de;

    private DocumentTexts(bool de) => _de = de;

    public static DocumentTexts For(string language) => language == "de" ? German : English;

    public System.Globalization.CultureInfo Culture => System.Globalization.CultureInfo.GetCultureInfo(_de ? "de-DE" : "en-GB");

    public string Invoice => _de ? "Rechnung" : "Invoice";
    public string CreditNote => _de ? "Gutschrift" : "Credit note";
    public string Number => _de ? "Nummer" : "Number";
    public string IssueDate => _de ? "Rechnungsdatum" : "Issue date";
    public string ServicePeriod => _de ? "Leistungszeitraum" : "Service period";
    public string DueDate => _de ? "Fällig am" : "Due date";
    public string CustomerVatId => _de ? "USt-IdNr. Kunde" : "Customer VAT ID";
    public string BuyerReference => _de ? "Ihre Referenz" : "Your reference";
    public string Position => _de ? "Pos." : "No.";
    public string Description => _de ? "Leistung" : "Description";
    public string Quantity => _de ? "Menge" : "Quantity";
    public string UnitPrice => _de ? "Einzelpreis" : "Unit price";
    public string Amount => _de ? "Betrag" : "Amount";
    public string Hours => _de ? "Std." : "h";
    public string Net => _de ? "Summe netto" : "Net total";
    public string Vat(string rate) => _de ? $"USt. {rate} %" : $"VAT {rate} %";
    public string VatOn(string rate, string amount) => _de ? $"USt. {rate} % auf {amount}" : $"VAT {rate} % on {amount}";
    public string Total => _de ? "Gesamtbetrag" : "Total";
    public string VatId => _de ? "USt-IdNr." : "VAT ID";
    public string TaxNumber => _de ? "Steuernr." : "Tax no.";
    public string Page(int page, int of) => _de ? $"Seite {page} von {of}" : $"Page {page} of {of}";
    public string Continued => _de ? "Fortsetzung" : "continued";
    public string Corrects(string number, string date) => _de ? $"Korrektur zu Rechnung {number} vom {date}" : $"Corrects invoice {number} of {date}";
    public string PayBy(string amount, string date) => _de ? $"Bitte überweisen Sie {amount} bis zum {date}." : $"Please pay {amount} by {date}.";
    public string PayNow(string amount) => _de ? $"Bitte überweisen Sie {amount} sofort." : $"Please pay {amount} upon receipt.";
    public string Reference(string number) => _de ? $"Verwendungszweck: {number}" : $"Payment reference: {number}";
    public string ScanToPay => _de ? "Mit der Banking-App scannen" : "Scan with your banking app";
    public string CreditFor(int position, string description) => _de ? $"Gutschrift zu Position {position}: {description}" : $"Credit for line {position}: {description}";
    public string Converted(string from, string rate, string to, string date) => _de
        ? $"In {from} bewertete Zeiten umgerechnet zu 1 {from} = {rate} {to} (Kurs vom {date})."
        : $"Time priced in {from} converted at 1 {from} = {rate} {to} (rate of {date}).";
    public string VatIn(string currency, string amount, string rate, string from, string date) => _de
        ? $"Umsatzsteuer in {currency}: {amount} (1 {from} = {rate} {currency}, Kurs vom {date})"
        : $"VAT in {currency}: {amount} (1 {from} = {rate} {currency}, rate of {date})";
    public string Refund => _de ? "Der Betrag wird Ihnen gutgeschrieben." : "The amount will be credited to you.";

    // Statements of account.
    public string Statement => _de ? "Kontoauszug" : "Statement of account";
    public string StatementPeriod(string from, string to) => _de ? $"Zeitraum {from} – {to}" : $"Period {from} – {to}";
    public string Date => _de ? "Datum" : "Date";
    public string Document => _de ? "Beleg" : "Document";
    public string Charge => _de ? "Belastung" : "Charge";
    public string CreditColumn => _de ? "Gutschrift" : "Credit";
    public string Balance => _de ? "Saldo" : "Balance";
    public string Opening => _de ? "Anfangssaldo" : "Opening balance";
    public string Closing => _de ? "Endsaldo" : "Closing balance";
    public string InCurrency(string currency) => _de ? $"Konto in {currency}" : $"Account in {currency}";
    public string NoMovements => _de ? "Keine Buchungen im Zeitraum." : "No movements in the period.";
    public string OwedToYou => _de ? "Ein negativer Saldo ist Ihr Guthaben." : "A negative balance is your credit with us.";
    public string InvoiceFor(string period) => _de ? $"Rechnung, Leistungszeitraum {period}" : $"Invoice, service period {period}";
    public string CreditNoteFor(string? number) => number is null ? CreditNote : _de ? $"Gutschrift zu Rechnung {number}" : $"Credit note for invoice {number}";
    public string PaymentOf(string method, string? reference) => (_de ? $"Zahlung ({method})" : $"Payment ({method})") + (reference is null ? "" : $" {reference}");

    public string MethodName(PaymentMethod method) => method switch
    {
        PaymentMethod.BankTransfer => _de ? "Überweisung" : "bank transfer",
        PaymentMethod.Cash => _de ? "bar" : "cash",
        PaymentMethod.Card => _de ? "Karte" : "card",
        PaymentMethod.Crypto => _de ? "Krypto" : "crypto",
        _ => _de ? "sonstige" : "other",
    };

    /// <summary>What a statement's row says about the movement, in this language.</summary>
    public string Describe(StatementEntry entry)
    {
        string D(DateOnly day) => day.ToString("d", Culture);
        return entry.Kind switch
        {
            StatementEntryKind.Invoice => InvoiceFor(entry.PeriodFrom is { } f && entry.PeriodTo is { } t && f != t ? $"{D(f)} – {D(t)}" : entry.PeriodTo is { } d ? D(d) : ""),
            StatementEntryKind.CreditNote => CreditNoteFor(entry.Corrects),
            _ => PaymentOf(MethodName(entry.Method ?? PaymentMethod.Other), entry.PaymentReference),
        };
    }
}
