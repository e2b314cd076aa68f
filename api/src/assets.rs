//! The web app's static files: compressed once at build time with Brotli at its highest
//! quality (much smaller than on-the-fly compression), and served compressed to browsers that
//! accept it.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::dev::HttpServiceFactory;
use actix_web::http::header::{self, ContentEncoding};
use actix_web::{HttpRequest, HttpResponse, guard, web};
use anyhow::Context;

/// File types worth compressing (images in other formats are compressed already).
const COMPRESSIBLE: [&str; 7] = ["wasm", "js", "css", "html", "svg", "json", "geojson"];

fn compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSIBLE.contains(&e))
}

/// Writes `name.br` beside every compressible file under `dir`; returns (files, bytes before,
/// bytes after).
pub fn precompress(dir: &Path) -> anyhow::Result<(usize, u64, u64)> {
    let mut totals = (0, 0, 0);
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            let (n, before, after) = precompress(&path)?;
            totals = (totals.0 + n, totals.1 + before, totals.2 + after);
        } else if compressible(&path) {
            let data =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            let mut compressed = Vec::with_capacity(data.len() / 3);
            {
                let mut writer = brotli::CompressorWriter::new(&mut compressed, 64 * 1024, 11, 22);
                writer.write_all(&data)?;
            }
            let target = br_path(&path);
            std::fs::write(&target, &compressed)
                .with_context(|| format!("writing {}", target.display()))?;
            totals = (
                totals.0 + 1,
                totals.1 + data.len() as u64,
                totals.2 + compressed.len() as u64,
            );
        }
    }
    Ok(totals)
}

fn br_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".br");
    PathBuf::from(name)
}

/// The file a request path names under `root`, if the path is plain (no `..`, no escapes).
fn resolve(root: &Path, request_path: &str) -> Option<PathBuf> {
    let relative = Path::new(request_path.trim_start_matches('/'));
    let plain = !request_path.contains('%')
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    (plain && !request_path.ends_with('/')).then(|| root.join(relative))
}

fn accepts_brotli(headers: &header::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().split(';').next() == Some("br"))
}

fn content_type(path: &Path) -> mime::Mime {
    match path.extension().and_then(|e| e.to_str()) {
        Some("geojson") => "application/geo+json"
            .parse()
            .unwrap_or(mime::APPLICATION_JSON),
        Some("wasm") => "application/wasm"
            .parse()
            .unwrap_or(mime::APPLICATION_OCTET_STREAM),
        Some(ext) => actix_files::file_extension_to_mime(ext),
        None => mime::APPLICATION_OCTET_STREAM,
    }
}

/// Serves `path.br` for `path` when the browser accepts Brotli and the compressed file exists;
/// other requests fall through to the plain file service.
pub fn precompressed(root: PathBuf) -> impl HttpServiceFactory {
    let for_guard = root.clone();
    web::resource("/{path:.*}")
        .guard(guard::Get())
        .guard(guard::fn_guard(move |ctx| {
            let head = ctx.head();
            accepts_brotli(&head.headers)
                && resolve(&for_guard, head.uri.path()).is_some_and(|p| br_path(&p).is_file())
        }))
        .to(move |req: HttpRequest| {
            let root = root.clone();
            async move {
                let Some(original) = resolve(&root, req.path()) else {
                    return HttpResponse::NotFound().finish();
                };
                match NamedFile::open(br_path(&original)) {
                    Ok(file) => {
                        let mut response = file
                            .set_content_type(content_type(&original))
                            .set_content_encoding(ContentEncoding::Brotli)
                            // Named after the `.br` file it would say `attachment; filename=
                            // "app.css.br"`: opened in a tab, a stylesheet would be downloaded.
                            .disable_content_disposition()
                            .into_response(&req);
                        response.headers_mut().insert(
                            header::VARY,
                            header::HeaderValue::from_static("accept-encoding"),
                        );
                        response
                    }
                    Err(_) => HttpResponse::NotFound().finish(),
                }
            }
        })
}

/// The operator's street basemap (one PMTiles archive) at [`shared::api::PMTILES_PATH`]. The
/// browser's PMTiles reader fetches the parts it needs with HTTP range requests, which
/// actix-files answers (`Accept-Ranges`, `206` with `Content-Range`, `416` for a range outside the
/// file), with the `ETag` and `Last-Modified` of every other static file: the reader notices a
/// replaced archive by its `ETag`. The tiles inside are compressed already, and a compressed
/// answer would change the byte offsets the reader asks for: the answer says `identity`, which
/// keeps the compression middleware away.
pub fn basemap(path: PathBuf) -> impl HttpServiceFactory {
    web::resource(shared::api::PMTILES_PATH)
        .guard(guard::Get())
        .to(move |req: HttpRequest| {
            let path = path.clone();
            async move {
                match NamedFile::open(&path) {
                    Ok(file) => file
                        .set_content_type(mime::APPLICATION_OCTET_STREAM)
                        .set_content_encoding(ContentEncoding::Identity)
                        .disable_content_disposition()
                        .into_response(&req),
                    Err(error) => {
                        tracing::error!(%error, path = %path.display(), "the street basemap cannot be read");
                        HttpResponse::NotFound().finish()
                    }
                }
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_resolve() {
        let root = Path::new("/srv/dist");
        assert_eq!(
            resolve(root, "/pkg/web.js"),
            Some(PathBuf::from("/srv/dist/pkg/web.js"))
        );
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/pkg/%2e%2e/x"), None);
        assert_eq!(resolve(root, "/"), None);
    }
}
