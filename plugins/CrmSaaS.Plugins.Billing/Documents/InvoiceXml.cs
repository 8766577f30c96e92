using System.Globalization;
using System.Text;
using System.Xml;
using CrmSaaS.Kernel.Common;
using CrmSaaS.Plugins.Billing.Domain;

namespace CrmSaaS.Plugins.Billing.Documents;

/// <summary>
/// The e-invoice: UN/CEFACT Cross Industry Invoice (CII D16B) per EN 16931, declared XRechnung 3.0
/// for German buyers (who need the buyer reference, the seller's contact and both electronic
/// addresses) and plain EN 16931 otherwise. Amounts are the stored ones, never computed again here.
/// Elements follow the schema's order.
/// </summary>
public static class InvoiceXml
{
    public const string XRechnung = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";
    public const string En16931 = "urn:cen.eu:en16931:2017";
    private const string Rsm = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    private const string Ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
    private const string Udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
    private const string Qdt = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";

    /// <summary>
    /// Whether the document is declared XRechnung: a German buyer, and both parties as complete as
    /// XRechnung needs (postal code, city and an email address each, the seller's contact person and
    /// phone). Otherwise it is a plain EN 16931 invoice, which German businesses must accept too.
    /// </summary>
    /// <summary>
    /// EN 16931 allows amounts with at most two decimals (BR-DEC-*): an invoice in a currency with three
    /// (KWD, BHD, OMR, ...) cannot be stated exactly in it, so it gets no e-invoice rather than a wrong one.
    /// </summary>
    public static bool Supports(string currency) => Kernel.Common.Currencies.Exponent(currency) <= 2;

    public static bool IsXRechnung(DocumentData data) =>
        data.Buyer.Country == "DE" && data.Buyer is { PostalCode: not null, City: not null, Email: not null }
        && data.Seller is { ContactName: not null, ContactPhone: not null, ContactEmail: not null } && data.Seller.PostalCode.Length > 0 && data.Seller.City.Length > 0;

    public static byte[] Render(DocumentData data)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var buffer = new MemoryStream();
        using (var x = XmlWriter.Create(buffer, settings))
        {
            new Writer(x, data).Write();
        }

        return buffer.ToArray();
    }

    private sealed class Writer(XmlWriter x, DocumentData data)
    {
        private readonly bool _notSubject = data.Lines.Any(l => l.VatCategory == "O");

        public void Write()
        {
            x.WriteStartDocument();
            x.WriteStartElement("rsm", "CrossIndustryInvoice", Rsm);
            x.WriteAttributeString("xmlns", "ram", null, Ram);
            x.WriteAttributeString("xmlns", "udt", null, Udt);
            x.WriteAttributeString("xmlns", "qdt", null, Qdt);

            x.WriteStartElement("rsm", "ExchangedDocumentContext", Rsm);
            Start("BusinessProcessSpecifiedDocumentContextParameter");
            Element("ID", "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");
            End();
            Start("GuidelineSpecifiedDocumentContextParameter");
            Element("ID", IsXRechnung(data) ? XRechnung : En16931);
            End();
            x.WriteEndElement();

            x.WriteStartElement("rsm", "ExchangedDocument", Rsm);
            Element("ID", data.Number);
            Element("TypeCode", data.Kind == DocumentKind.CreditNote ? "381" : "380");
            Start("IssueDateTime");
            Date(data.IssueDate);
            End();
            if (data.VatNote is { } note)
            {
                Start("IncludedNote");
                Element("Content", note);
                End();
            }

            x.WriteEndElement();

            x.WriteStartElement("rsm", "SupplyChainTradeTransaction", Rsm);
            foreach (var line in data.Lines)
            {
                Line(line);
            }

            Agreement();
            Start("ApplicableHeaderTradeDelivery");
            End();
            Settlement();
            x.WriteEndElement();

            x.WriteEndElement();
            x.WriteEndDocument();
        }

        private void Line(DocumentLine line)
        {
            Start("IncludedSupplyChainTradeLineItem");
            Start("AssociatedDocumentLineDocument");
            Element("LineID", line.Position.ToString(CultureInfo.InvariantCulture));
            End();
            Start("SpecifiedTradeProduct");
            Element("Name", line.Description);
            End();
            Start("SpecifiedLineTradeAgreement");
            Start("NetPriceProductTradePrice");
            Element("ChargeAmount", line.UnitPrice.ToString("0.00##", CultureInfo.InvariantCulture));
            End();
            End();
            Start("SpecifiedLineTradeDelivery");
            x.WriteStartElement("ram", "BilledQuantity", Ram);
            x.WriteAttributeString("unitCode", line.Kind == LineKind.Time ? "HUR" : "C62");
            x.WriteString(line.Quantity.ToString("0.####", CultureInfo.InvariantCulture));
            x.WriteEndElement();
            End();
            Start("SpecifiedLineTradeSettlement");
            Start("ApplicableTradeTax");
            Element("TypeCode", "VAT");
            Element("CategoryCode", line.VatCategory);
            if (line.VatCategory != "O")
            {
                Element("RateApplicablePercent", Percent(line.VatRate));
            }

            End();
            Start("SpecifiedTradeSettlementLineMonetarySummation");
            Element("LineTotalAmount", Amount(line.NetMinor));
            End();
            End();
            End();
        }

        private void Agreement()
        {
            Start("ApplicableHeaderTradeAgreement");
            if (data.BuyerReference is { } reference)
            {
                Element("BuyerReference", reference);
            }
            else if (IsXRechnung(data))
            {
                // XRechnung needs a buyer reference; without a Leitweg-ID the invoice number stands in.
                Element("BuyerReference", data.Number);
            }

            var seller = data.Seller;
            Start("SellerTradeParty");
            if (_notSubject && (seller.VatId ?? seller.TaxNumber) is { } identifier)
            {
                // Without VAT there is no VAT ID in the document; the buyer still needs one identifier for the seller (BR-CO-26).
                Element("ID", identifier);
            }

            Element("Name", seller.LegalName);
            if (seller.ContactName is not null || seller.ContactPhone is not null || seller.ContactEmail is not null)
            {
                Start("DefinedTradeContact");
                Optional("PersonName", seller.ContactName);
                if (seller.ContactPhone is { } phone)
                {
                    Start("TelephoneUniversalCommunication");
                    Element("CompleteNumber", phone);
                    End();
                }

                if (seller.ContactEmail is { } email)
                {
                    Start("EmailURIUniversalCommunication");
                    Element("URIID", email);
                    End();
                }

                End();
            }

            Address(seller.PostalCode, [seller.Street], seller.City, seller.Country);
            Electronic(seller.ContactEmail);
            if (seller.VatId is { } vatId && !_notSubject)
            {
                TaxRegistration("VA", vatId);
            }

            if (seller.TaxNumber is { } taxNumber)
            {
                TaxRegistration("FC", taxNumber);
            }

            End();

            var buyer = data.Buyer;
            Start("BuyerTradeParty");
            Element("Name", buyer.Name);
            Address(buyer.PostalCode, buyer.AddressLines, buyer.City, buyer.Country);
            Electronic(buyer.Email);
            if (buyer.VatId is { } buyerVat && !_notSubject)
            {
                TaxRegistration("VA", buyerVat);
            }

            End();
            End();
        }

        private void Settlement()
        {
            Start("ApplicableHeaderTradeSettlement");
            Element("PaymentReference", data.Number);
            if (data.Tax is { } tax)
            {
                Element("TaxCurrencyCode", tax.Currency);
            }

            Element("InvoiceCurrencyCode", data.Currency);
            if (data.Seller.Iban is { } iban && data.Kind == DocumentKind.Invoice)
            {
                Start("SpecifiedTradeSettlementPaymentMeans");
                Element("TypeCode", "58");
                Start("PayeePartyCreditorFinancialAccount");
                Element("IBANID", iban);
                End();
                if (data.Seller.Bic is { } bic)
                {
                    Start("PayeeSpecifiedCreditorFinancialInstitution");
                    Element("BICID", bic);
                    End();
                }

                End();
            }
            else
            {
                // No account to pay into (or a credit note): payment by agreement.
                Start("SpecifiedTradeSettlementPaymentMeans");
                Element("TypeCode", "ZZZ");
                End();
            }

            foreach (var vat in data.Totals.Vat)
            {
                Start("ApplicableTradeTax");
                Element("CalculatedAmount", Amount(vat.VatMinor));
                Element("TypeCode", "VAT");
                if (vat.Category != "S" && vat.Category != "Z")
                {
                    Element("ExemptionReason", data.VatNote ?? vat.Category);
                }

                Element("BasisAmount", Amount(vat.BaseMinor));
                Element("CategoryCode", vat.Category);
                if (vat.Category != "O")
                {
                    Element("RateApplicablePercent", Percent(vat.Rate));
                }

                End();
            }

            Start("BillingSpecifiedPeriod");
            Start("StartDateTime");
            Date(data.PeriodFrom ?? data.PeriodTo);
            End();
            Start("EndDateTime");
            Date(data.PeriodTo);
            End();
            End();

            Start("SpecifiedTradePaymentTerms");
            if (data.DueDate is { } due && data.Kind == DocumentKind.Invoice)
            {
                Element("Description", data.German ? $"Zahlbar bis {due:dd.MM.yyyy}" : $"Payable by {due:yyyy-MM-dd}");
                Start("DueDateDateTime");
                Date(due);
                End();
            }
            else
            {
                Element("Description", data.German ? "Wird gutgeschrieben" : "To be credited");
            }

            End();

            Start("SpecifiedTradeSettlementHeaderMonetarySummation");
            Element("LineTotalAmount", Amount(data.Totals.NetMinor));
            Element("TaxBasisTotalAmount", Amount(data.Totals.NetMinor));
            x.WriteStartElement("ram", "TaxTotalAmount", Ram);
            x.WriteAttributeString("currencyID", data.Currency);
            x.WriteString(Amount(data.Totals.VatMinor));
            x.WriteEndElement();
            if (data.Tax is { } taxCurrency)
            {
                // BT-111: the VAT in the tax currency.
                x.WriteStartElement("ram", "TaxTotalAmount", Ram);
                x.WriteAttributeString("currencyID", taxCurrency.Currency);
                x.WriteString(new Money(taxCurrency.VatMinor, taxCurrency.Currency).FormatNumber(CultureInfo.InvariantCulture));
                x.WriteEndElement();
            }
            Element("GrandTotalAmount", Amount(data.Totals.GrossMinor));
            Element("DuePayableAmount", Amount(data.Totals.GrossMinor));
            End();

            if (data.PrecedingNumber is { } preceding)
            {
                Start("InvoiceReferencedDocument");
                Element("IssuerAssignedID", preceding);
                if (data.PrecedingIssueDate is { } issued)
                {
                    Start("FormattedIssueDateTime");
                    x.WriteStartElement("qdt", "DateTimeString", Qdt);
                    x.WriteAttributeString("format", "102");
                    x.WriteString(issued.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
                    x.WriteEndElement();
                    End();
                }

                End();
            }

            End();
        }

        private void Address(string? postalCode, IReadOnlyList<string> lines, string? city, string country)
        {
            Start("PostalTradeAddress");
            Optional("PostcodeCode", postalCode);
            Optional("LineOne", lines.ElementAtOrDefault(0));
            Optional("LineTwo", lines.ElementAtOrDefault(1));
            Optional("LineThree", lines.Count > 2 ? string.Join(", ", lines.Skip(2)) : null);
            Optional("CityName", city);
            Element("CountryID", country);
            End();
        }

        private void Electronic(string? email)
        {
            if (email is null)
            {
                return;
            }

            Start("URIUniversalCommunication");
            x.WriteStartElement("ram", "URIID", Ram);
            x.WriteAttributeString("schemeID", "EM");
            x.WriteString(email);
            x.WriteEndElement();
            End();
        }

        private void TaxRegistration(string scheme, string id)
        {
            Start("SpecifiedTaxRegistration");
            x.WriteStartElement("ram", "ID", Ram);
            x.WriteAttributeString("schemeID", scheme);
            x.WriteString(id);
            x.WriteEndElement();
            End();
        }

        private void Date(DateOnly day)
        {
            x.WriteStartElement("udt", "DateTimeString", Udt);
            x.WriteAttributeString("format", "102");
            x.WriteString(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            x.WriteEndElement();
        }

        private string Amount(long minor) => new Money(minor, data.Currency).FormatNumber(CultureInfo.InvariantCulture);

        private static string Percent(decimal rate) => rate.ToString("0.##", CultureInfo.InvariantCulture);

        private void Start(string name) => x.WriteStartElement("ram", name, Ram);

        private void End() => x.WriteEndElement();

        private void Element(string name, string value) => x.WriteElementString("ram", name, Ram, value);

        private void Optional(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                Element(name, value);
            }
        }
    }
}
