// sqlx::migrate! embeds migrations/ at compile time; rebuild when they change.
// The widget's stylesheet is compiled into its wasm (`candor::widget::STYLE`),
// so it goes in without comments and layout whitespace (0.4 KB gzip of the
// reader's download); src/widget/style.css stays the readable source.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=src/widget/style.css");
    let css = std::fs::read_to_string("src/widget/style.css").expect("src/widget/style.css");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(format!("{out}/widget.min.css"), minify_css(&css))
        .expect("write widget.min.css");
}

/// Drops comments, collapses whitespace, and drops it next to `{ } ; ,` and
/// after `:` (never before `:`, where it separates a descendant selector from
/// a pseudo-class). The stylesheet has no strings with meaningful runs of
/// whitespace (font names keep their single spaces).
fn minify_css(css: &str) -> String {
    let mut bare = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        bare.push_str(&rest[..start]);
        bare.push(' ');
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    bare.push_str(rest);
    let mut out = String::with_capacity(bare.len());
    let mut space = false;
    for c in bare.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            let after = matches!(out.chars().last(), None | Some('{' | '}' | ';' | ',' | ':'));
            if !after && !matches!(c, '{' | '}' | ';' | ',') {
                out.push(' ');
            }
            space = false;
        }
        out.push(c);
    }
    out
}
