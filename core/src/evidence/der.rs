//! A small strict DER reader for the CA-bundle check: it walks an X.509 `Certificate` (RFC 5280
//! 4.1) far enough to know its version, its basicConstraints `cA` and its subject, and rejects
//! what x509-cert 0.3 (the crate this replaces) rejects, except where Go's
//! `x509.ParseCertificate` (what the kubelet runs) decides otherwise. Those places are marked
//! `Go:` below; `der/differential.rs` tests the reader against x509-cert (a dev-dependency).
//!
//! Strict DER throughout: one-byte tags (Go: cryptobyte has no high-tag-number form), definite
//! minimal lengths of at most 4 bytes, every TLV inside its container, no trailing bytes in any
//! SEQUENCE, SET or OCTET STRING value nor after the certificate.

/// What [`parse`] finds in a certificate.
pub(crate) struct Cert<'a> {
    /// The `version` field: 0 = v1, 1 = v2, 2 = v3.
    pub version: u8,
    /// basicConstraints `cA`: `None` without the extension, `Some(false)` when its value does not
    /// decode (x509-cert's `get_extension` error, which the check counted as not a CA).
    pub ca: Option<bool>,
    /// The subject: its RDNs in encoded order, each RDN's attributes sorted by their DER (as
    /// x509-cert's `SetOfVec` sorts them on decoding).
    pub subject: Vec<Vec<Atv<'a>>>,
}

/// One `AttributeTypeAndValue`.
pub(crate) struct Atv<'a> {
    /// The whole `SEQUENCE` (the sort key within an RDN).
    raw: &'a [u8],
    /// The content bytes of the attribute type OID.
    pub oid: &'a [u8],
    /// The value's tag.
    pub tag: u8,
    /// The value's content bytes.
    pub value: &'a [u8],
    /// The value's whole TLV.
    pub value_der: &'a [u8],
}

type Res<T> = Result<T, String>;

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const BOOLEAN: u8 = 0x01;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
/// basicConstraints, 2.5.29.19.
const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];

fn fail(at: usize, what: &str) -> String {
    format!("{what} at byte {at}")
}

/// The bytes of a container not read yet; `pos` is the offset of `buf` in the certificate.
#[derive(Clone, Copy)]
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

/// One TLV.
struct Tlv<'a> {
    tag: u8,
    /// Offset of the tag byte in the certificate.
    at: usize,
    raw: &'a [u8],
    content: Reader<'a>,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.buf.first().copied()
    }

    fn end(&self) -> Res<()> {
        match self.buf.is_empty() {
            true => Ok(()),
            false => Err(fail(self.pos, "unexpected trailing data")),
        }
    }

    /// The next TLV, any tag.
    fn tlv(&mut self) -> Res<Tlv<'a>> {
        let at = self.pos;
        let truncated = || fail(at, "truncated element");
        let (&tag, rest) = self.buf.split_first().ok_or_else(truncated)?;
        // Go: cryptobyte rejects the high-tag-number form (x509-cert reads it).
        if tag & 0x1f == 0x1f {
            return Err(fail(at, "unsupported high tag number form"));
        }
        let (&first, mut rest) = rest.split_first().ok_or_else(truncated)?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 {
                return Err(fail(at, "indefinite length"));
            }
            if n > 4 {
                return Err(fail(at, "length of more than 4 bytes"));
            }
            let (bytes, after) = rest.split_at_checked(n).ok_or_else(truncated)?;
            rest = after;
            let len = bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
            if bytes.first() == Some(&0) || len < 0x80 {
                return Err(fail(at, "non-minimal length"));
            }
            usize::try_from(len).map_err(|_| truncated())?
        };
        let header = self.buf.len() - rest.len();
        let (content, after) = rest.split_at_checked(len).ok_or_else(truncated)?;
        let raw = self.buf.get(..header + len).unwrap_or_default();
        self.buf = after;
        self.pos = at + header + len;
        Ok(Tlv {
            tag,
            at,
            raw,
            content: Reader {
                buf: content,
                pos: at + header,
            },
        })
    }

    /// The next TLV, which must have tag `tag` (`name` for the message).
    fn expect(&mut self, tag: u8, name: &str) -> Res<Tlv<'a>> {
        let at = self.pos;
        let found = match self.peek() {
            Some(t) if t == tag => return self.tlv(),
            Some(t) => format!("0x{t:02x}"),
            None => "end of data".to_string(),
        };
        Err(format!(
            "expected {name} tag 0x{tag:02x} at byte {at}, found {found}"
        ))
    }

    /// The content of the next TLV if its tag is `tag`.
    fn optional(&mut self, tag: u8, name: &str) -> Res<Option<Reader<'a>>> {
        match self.peek() == Some(tag) {
            true => Ok(Some(self.expect(tag, name)?.content)),
            false => Ok(None),
        }
    }

    /// A context-specific field `[n]` (`tag` without the class and constructed bits): the TLV if
    /// the next tag has that class and number, which must be encoded `want` (x509-cert's
    /// `peek_matches`, then its constructed-bit check).
    fn context(&mut self, tag: u8, want: u8) -> Res<Option<Tlv<'a>>> {
        match self.peek() {
            Some(t) if t & 0xdf == tag => {
                let tlv = self.tlv()?;
                match tlv.tag == want {
                    true => Ok(Some(tlv)),
                    false => Err(fail(
                        tlv.at,
                        "wrong constructed bit for context-specific tag",
                    )),
                }
            }
            _ => Ok(None),
        }
    }

    fn sequence(&mut self, name: &str) -> Res<Reader<'a>> {
        Ok(self.expect(SEQUENCE, name)?.content)
    }
}

/// Walks one DER certificate.
pub(crate) fn parse(der: &[u8]) -> Res<Cert<'_>> {
    let mut top = Reader { buf: der, pos: 0 };
    let mut cert = top.sequence("certificate SEQUENCE")?;
    top.end()?;
    let mut tbs = cert.sequence("tbsCertificate SEQUENCE")?;

    let mut version = 0;
    if let Some(v) = tbs.context(0x80, 0xa0)? {
        let mut v = v.content;
        let int = v.expect(INTEGER, "version INTEGER")?;
        v.end()?;
        version = match int.content.buf {
            [n @ 0..=2] => *n,
            _ => return Err(fail(int.at, "invalid version")),
        };
    }
    // Go: no 20-octet limit on the serial number (x509-cert rejects more than 21 bytes).
    integer(&mut tbs, "serialNumber INTEGER")?;
    let signature = algorithm(&mut tbs)?;
    name(&mut tbs, "issuer Name SEQUENCE")?;
    let mut validity = tbs.sequence("validity SEQUENCE")?;
    time(&mut validity)?;
    time(&mut validity)?;
    validity.end()?;
    let subject = name(&mut tbs, "subject Name SEQUENCE")?;
    let mut spki = tbs.sequence("subjectPublicKeyInfo SEQUENCE")?;
    algorithm(&mut spki)?;
    bit_string(
        spki.expect(BIT_STRING, "subjectPublicKey BIT STRING")?,
        true,
    )?;
    spki.end()?;
    for (tag, want) in [(0x81, 0x81), (0x82, 0x82)] {
        if let Some(id) = tbs.context(tag, want)? {
            // Go skips these unread; x509-cert reads them as BIT STRINGs.
            bit_string(id, false)?;
        }
    }
    let mut ca = None;
    if let Some(exts) = tbs.context(0x83, 0xa3)? {
        let mut outer = exts.content;
        let mut list = outer.sequence("extensions SEQUENCE")?;
        outer.end()?;
        let mut seen: Vec<&[u8]> = Vec::new();
        while list.peek().is_some() {
            let mut ext = list.sequence("extension SEQUENCE")?;
            let id = ext.expect(OID, "extnID OBJECT IDENTIFIER")?;
            oid_arcs(&id)?;
            if let Some(mut critical) = ext.optional(BOOLEAN, "critical BOOLEAN")? {
                boolean(&mut critical)?;
            }
            let value = ext.expect(OCTET_STRING, "extnValue OCTET STRING")?;
            ext.end()?;
            // Go: a certificate with two extensions of one OID does not parse.
            if seen.contains(&id.content.buf) {
                return Err(fail(id.at, "duplicate extension"));
            }
            seen.push(id.content.buf);
            if id.content.buf == BASIC_CONSTRAINTS {
                ca = Some(basic_constraints(value.content).unwrap_or(false));
            }
        }
    }
    tbs.end()?;

    let at = cert.pos;
    // Go: the two signature algorithms must be the same bytes.
    if algorithm(&mut cert)? != signature {
        return Err(fail(
            at,
            "signatureAlgorithm differs from the tbsCertificate signature",
        ));
    }
    bit_string(cert.expect(BIT_STRING, "signature BIT STRING")?, true)?;
    cert.end()?;
    Ok(Cert {
        version,
        ca,
        subject,
    })
}

/// x509-cert's `BasicConstraints` from the extension value: `None` if it does not decode.
fn basic_constraints(value: Reader<'_>) -> Option<bool> {
    let mut value = value;
    let mut seq = value.sequence("").ok()?;
    value.end().ok()?;
    let ca = match seq.optional(BOOLEAN, "").ok()? {
        Some(mut b) => boolean(&mut b).ok()?,
        None => false,
    };
    // pathLenConstraint as x509-cert's `Option<u8>`: 0..=255, canonical.
    if let Some(len) = seq.optional(INTEGER, "").ok()? {
        match len.buf {
            [0..=0x7f] | [0, 0x80..=0xff] => {}
            _ => return None,
        }
    }
    seq.end().ok()?;
    Some(ca)
}

fn boolean(content: &mut Reader<'_>) -> Res<bool> {
    match content.buf {
        [0] => Ok(false),
        [0xff] => Ok(true),
        _ => Err(fail(content.pos, "invalid BOOLEAN")),
    }
}

fn integer(r: &mut Reader<'_>, name: &str) -> Res<()> {
    let int = r.expect(INTEGER, name)?;
    match int.content.buf {
        [] | [0, 0..=0x7f, ..] | [0xff, 0x80..=0xff, ..] => {
            Err(fail(int.at, "non-canonical INTEGER"))
        }
        _ => Ok(()),
    }
}

/// `BIT STRING` content: at most 7 unused bits, none without content and (`zero_pad`, Go's
/// cryptobyte on the key and the signature) the unused bits zero.
fn bit_string(tlv: Tlv<'_>, zero_pad: bool) -> Res<()> {
    let ok = match tlv.content.buf.split_first() {
        Some((&unused, bytes)) => {
            unused < 8
                && match bytes.last() {
                    None => unused == 0,
                    Some(&last) => !zero_pad || last & ((1u8 << unused) - 1) == 0,
                }
        }
        None => false,
    };
    match ok {
        true => Ok(()),
        false => Err(fail(tlv.at, "invalid BIT STRING")),
    }
}

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`: its bytes.
fn algorithm<'a>(r: &mut Reader<'a>) -> Res<&'a [u8]> {
    let tlv = r.expect(SEQUENCE, "AlgorithmIdentifier SEQUENCE")?;
    let mut seq = tlv.content;
    oid_arcs(&seq.expect(OID, "algorithm OBJECT IDENTIFIER")?)?;
    if seq.peek().is_some() {
        any(&mut seq)?;
    }
    seq.end()?;
    Ok(tlv.raw)
}

/// A DER `Name` on its own (for tests).
#[cfg(test)]
pub(crate) fn parse_name(der: &[u8]) -> Res<Vec<Vec<Atv<'_>>>> {
    let mut r = Reader { buf: der, pos: 0 };
    let name = name(&mut r, "Name SEQUENCE")?;
    r.end()?;
    Ok(name)
}

/// Any one TLV, with a tag x509-cert knows (its universal tags, any other class).
fn any<'a>(r: &mut Reader<'a>) -> Res<Tlv<'a>> {
    let tlv = r.tlv()?;
    // BOOLEAN INTEGER BIT STRING OCTET STRING NULL OID REAL ENUMERATED UTF8String RELATIVE-OID
    // NumericString PrintableString TeletexString VideotexString IA5String UTCTime
    // GeneralizedTime VisibleString GeneralString BMPString (der 0.8's `Tag` list).
    const KNOWN: u32 = 0x4dfc_367e;
    let known = match tlv.tag {
        0x30 | 0x31 | 0x40.. => true,
        t @ 0..=0x1f => KNOWN & (1 << t) != 0,
        _ => false,
    };
    match known {
        true => Ok(tlv),
        false => Err(fail(tlv.at, "unknown universal tag")),
    }
}

/// `Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }`.
fn name<'a>(r: &mut Reader<'a>, what: &str) -> Res<Vec<Vec<Atv<'a>>>> {
    let mut rdns = r.sequence(what)?;
    let mut out = Vec::new();
    while rdns.peek().is_some() {
        let mut set = rdns.expect(SET, "RelativeDistinguishedName SET")?.content;
        let mut rdn = Vec::new();
        while set.peek().is_some() {
            let atv = set.expect(SEQUENCE, "AttributeTypeAndValue SEQUENCE")?;
            let mut seq = atv.content;
            let oid = seq.expect(OID, "attribute type OBJECT IDENTIFIER")?;
            oid_arcs(&oid)?;
            let value = any(&mut seq)?;
            seq.end()?;
            rdn.push(Atv {
                raw: atv.raw,
                oid: oid.content.buf,
                tag: value.tag,
                value: value.content.buf,
                value_der: value.raw,
            });
        }
        crate::sort::sort_by(&mut rdn, |a, b| a.raw.cmp(b.raw));
        out.push(rdn);
    }
    Ok(out)
}

/// The arcs of an OID, as Go's cryptobyte reads them: at least one byte, each arc base-128 in
/// the fewest bytes and below 2^31, the first byte pair as `X.Y` with `X` at most 2.
/// Go: x509-cert (const-oid) accepts non-minimal arcs and arcs up to 2^32 - 1, but rejects a
/// first subidentifier of 120 or more (`2.40` and above) and OIDs over 39 bytes; Go does the
/// opposite of each, and so does this.
fn oid_arcs(tlv: &Tlv<'_>) -> Res<Vec<u32>> {
    let bad = || fail(tlv.at, "malformed OBJECT IDENTIFIER");
    let mut bytes = tlv.content.buf.iter();
    let mut arcs = Vec::new();
    if bytes.len() == 0 {
        return Err(bad());
    }
    while bytes.len() > 0 {
        let mut arc: u32 = 0;
        let mut first = true;
        loop {
            let &b = bytes.next().ok_or_else(bad)?;
            if arc >= 1 << 24 || (first && b == 0x80) {
                return Err(bad());
            }
            first = false;
            arc = (arc << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
        if arcs.is_empty() {
            let x = (arc / 40).min(2);
            arcs.push(x);
            arc -= x * 40;
        }
        arcs.push(arc);
    }
    Ok(arcs)
}

/// `Time ::= CHOICE { UTCTime, GeneralizedTime }` in the RFC 5280 DER forms `YYMMDDHHMMSSZ` and
/// `YYYYMMDDHHMMSSZ`, with a real date and time.
/// Go: any year; x509-cert rejects years before 1970 (UTCTime `50` to `69`, GeneralizedTime
/// `0000` to `1969`). Go also takes forms x509-cert does not (UTCTime without seconds or with
/// an offset, GeneralizedTime with fractional seconds or an offset); this rejects them too.
fn time(r: &mut Reader<'_>) -> Res<()> {
    let at = r.pos;
    let tlv = r.tlv()?;
    let text = tlv.content.buf;
    let digits = match (tlv.tag, text.len()) {
        (UTC_TIME, 13) | (GENERALIZED_TIME, 15) => text.get(..text.len() - 1),
        (UTC_TIME | GENERALIZED_TIME, _) => None,
        (t, _) => {
            return Err(format!(
                "expected UTCTime or GeneralizedTime at byte {at}, found 0x{t:02x}"
            ))
        }
    };
    let ok = digits.is_some_and(|d| {
        text.last() == Some(&b'Z') && d.iter().all(u8::is_ascii_digit) && {
            let mut v = d
                .chunks(2)
                .map(|p| p.iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0')));
            let mut year = v.next().unwrap_or(0);
            year = match tlv.tag {
                UTC_TIME if year < 50 => 2000 + year,
                UTC_TIME => 1900 + year,
                _ => year * 100 + v.next().unwrap_or(0),
            };
            let [month, day, hour, minute, second] = [(); 5].map(|()| v.next().unwrap_or(99));
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            (1..=12).contains(&month)
                && (1..=days).contains(&day)
                && hour < 24
                && minute < 60
                && second < 60
        }
    });
    match ok {
        true => Ok(()),
        false => Err(fail(at, "invalid time")),
    }
}

/// An OID (its content bytes) in dotted decimal, as const-oid writes it.
pub(crate) fn oid_string(oid: &[u8]) -> String {
    let tlv = Tlv {
        tag: OID,
        at: 0,
        raw: oid,
        content: Reader { buf: oid, pos: 0 },
    };
    let mut out = String::new();
    for (i, arc) in oid_arcs(&tlv).unwrap_or_default().iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&arc.to_string());
    }
    out
}

#[cfg(test)]
mod differential;
