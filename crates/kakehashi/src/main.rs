//! `kakehashi`: the one binary of the system. Configuration comes from flags and the environment
//! (`KAKEHASHI_*`); errors at this edge are `anyhow`, printed as one clear sentence.

mod place_cmd;

use anyhow::{Context, bail};
use app::admin::NewUserInput;
use app::mail::{MailConfig, SmtpConfig, SmtpSecurity};
use app::{App, AppConfig, AppError};
use clap::{Args, Parser, Subcommand};
use demo::DemoOptions;
use domain::{Email, Language, Role, RoleGrant};
use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use store::{Store, StoreOptions};

/// Kakehashi (架け橋): the JET Programme, end to end.
///
/// One binary for the web application, its background work and its administration. The
/// database is SQLite by default (a file, created and migrated on first start) or PostgreSQL
/// when the URL says so.
#[derive(Debug, Parser)]
#[command(name = "kakehashi", version, propagate_version = true)]
struct Cli {
    /// The database: `sqlite://FILE` (created when missing) or `postgres://USER@HOST/DB`.
    /// Default: sqlite://kakehashi.db (sqlite://kakehashi-demo.db for `demo`).
    #[arg(long, global = true, env = "KAKEHASHI_DATABASE_URL")]
    database_url: Option<String>,

    /// Log filter, e.g. `info` or `kakehashi=debug,sqlx=warn`. Logs never hold personal data.
    #[arg(long, global = true, env = "KAKEHASHI_LOG", default_value = "info,sqlx=warn")]
    log: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web application and the API (migrates the database first).
    Serve(ServeArgs),
    /// Build (or reuse) a realistic demo programme year and serve it.
    Demo(DemoArgs),
    /// Bring the database schema up to date, and load the reference data.
    Migrate,
    /// Manage accounts and roles from the command line (the first administrator, say).
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Write a consistent copy of the live database to FILE (SQLite: a database file;
    /// PostgreSQL: an export file, restored with `import`).
    Backup { file: PathBuf },
    /// Write the whole database to one portable file (or `-` for stdout).
    Export { file: PathBuf },
    /// Load an export file (or `-` for stdin) into a new, empty database.
    Import { file: PathBuf },
    /// Place candidates with contracting organisations (the placement engine on a file).
    Place(place_cmd::PlaceArgs),
    /// Generate a JET-like placement instance for tests and benchmarks.
    PlaceGenerate(place_cmd::GenerateArgs),
}

#[derive(Debug, Args)]
struct WebArgs {
    /// The address to listen on (port 0: a free port the system chooses, printed at start).
    #[arg(long, env = "KAKEHASHI_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The address users reach Kakehashi at, for links in mails. Cookies are marked Secure when
    /// it is https. Default: http:// and the listen address.
    #[arg(long, env = "KAKEHASHI_BASE_URL")]
    base_url: Option<String>,
    /// SMTP server for outgoing mail; without it mails are kept in the outbox (/admin/outbox).
    #[arg(long, env = "KAKEHASHI_SMTP_HOST")]
    smtp_host: Option<String>,
    /// The SMTP server's port (587 for STARTTLS, 465 for implicit TLS).
    #[arg(long, env = "KAKEHASHI_SMTP_PORT", default_value_t = 587)]
    smtp_port: u16,
    /// `starttls`, `tls` (implicit, port 465) or `none` (a local relay only).
    #[arg(long, env = "KAKEHASHI_SMTP_SECURITY", default_value = "starttls")]
    smtp_security: String,
    /// The SMTP account; its password comes from KAKEHASHI_SMTP_PASSWORD only.
    #[arg(long, env = "KAKEHASHI_SMTP_USERNAME")]
    smtp_username: Option<String>,
    /// Read from the environment only, so it never shows in a process list.
    #[arg(skip = std::env::var("KAKEHASHI_SMTP_PASSWORD").ok())]
    smtp_password: Option<String>,
    #[arg(long, env = "KAKEHASHI_SMTP_FROM", default_value = "Kakehashi <no-reply@kakehashi.invalid>")]
    smtp_from: String,
    /// Refusals (401, 403, 404) one client may collect at once before it is made to wait (429).
    #[arg(long, env = "KAKEHASHI_REFUSAL_BURST", default_value_t = web::limits::ClientLimits::default().refusal_burst)]
    refusal_burst: u32,
    /// Refusals one client may collect per minute once its burst is spent. A fuzzer that is
    /// meant to be refused often (the API fuzz of `.ci/api-fuzz`) raises both.
    #[arg(long, env = "KAKEHASHI_REFUSALS_PER_MINUTE", default_value_t = web::limits::ClientLimits::default().refusals_per_minute)]
    refusals_per_minute: u32,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    web: WebArgs,
}

#[derive(Debug, Args)]
struct DemoArgs {
    #[command(flatten)]
    web: WebArgs,
    /// The seed of the demo year: the same seed gives the same records.
    #[arg(long, default_value_t = 2027)]
    seed: u64,
    /// The password of every demo account (at least 12 characters).
    #[arg(long, env = "KAKEHASHI_DEMO_PASSWORD", default_value = "kakehashi-demo")]
    demo_password: String,
    /// Build the demo year, print the accounts, and stop without serving.
    #[arg(long)]
    no_serve: bool,
    /// Add this many cleared candidates to the year (the placement benchmark uses 6000), with
    /// the plan and the organisations' requests raised to hold them.
    #[arg(long, default_value_t = 0)]
    extra_cleared: u32,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Open an account. The password is read from KAKEHASHI_PASSWORD or, with
    /// --password-stdin, from standard input; without either, a link to choose one is mailed.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "en")]
        language: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Give a user a role, e.g. `--role system-administrator`, or `--role mission-staff --unit mission:3`.
    Grant {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
        /// `mission:ID`, `organisation:ID`, `prefecture:CODE` or `company:ID`.
        #[arg(long, default_value = "")]
        unit: String,
    },
    /// Take a role away from a user.
    Revoke {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long, default_value = "")]
        unit: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter =
        tracing_subscriber::EnvFilter::try_new(&cli.log).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    match cli.command {
        Command::Place(args) => return place_cmd::place(&args),
        Command::PlaceGenerate(args) => return place_cmd::generate(&args),
        _ => {}
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kakehashi: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kakehashi: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn default_url(command: &Command) -> &'static str {
    match command {
        Command::Demo(_) => "sqlite://kakehashi-demo.db",
        _ => "sqlite://kakehashi.db",
    }
}

async fn connect(url: &str) -> anyhow::Result<Store> {
    Ok(Store::connect(url, &StoreOptions::default()).await?)
}

/// Binds the listening socket before anything else, so that the address printed and written into
/// mail links is the one bound (with port 0, the one the system chose).
async fn bind(web: &WebArgs) -> anyhow::Result<(tokio::net::TcpListener, SocketAddr)> {
    let listener =
        tokio::net::TcpListener::bind(web.listen).await.with_context(|| format!("cannot listen on {}", web.listen))?;
    let address = listener.local_addr()?;
    Ok((listener, address))
}

fn app_config(web: &WebArgs, address: SocketAddr) -> anyhow::Result<AppConfig> {
    let base_url = web.base_url.clone().unwrap_or_else(|| format!("http://{address}"));
    let mail = match &web.smtp_host {
        None => MailConfig::Outbox,
        Some(host) => MailConfig::Smtp(SmtpConfig {
            host: host.clone(),
            port: web.smtp_port,
            security: match web.smtp_security.as_str() {
                "starttls" => SmtpSecurity::StartTls,
                "tls" => SmtpSecurity::Tls,
                "none" => SmtpSecurity::None,
                other => bail!("--smtp-security must be starttls, tls or none (got {other})"),
            },
            username: web.smtp_username.clone(),
            password: web.smtp_password.clone(),
            from: web.smtp_from.clone(),
        }),
    };
    Ok(AppConfig { base_url, mail, ..AppConfig::default() })
}

fn app_error(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(fields) => {
            let t = app::Translator::new(Language::En);
            anyhow::anyhow!("{}", fields.iter().map(|f| t.field_error(f)).collect::<Vec<_>>().join("; "))
        }
        other => anyhow::anyhow!("{other}"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

async fn serve(app: App, web: &WebArgs, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    let address = listener.local_addr()?;
    let config = web::WebConfig {
        secure_cookies: app.config.base_url.starts_with("https://"),
        public_origin: web.base_url.clone(),
        limits: web::limits::ClientLimits {
            refusal_burst: web.refusal_burst,
            refusals_per_minute: web.refusals_per_minute,
            ..web::limits::ClientLimits::default()
        },
    };
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let sender = tokio::spawn(app::mail::run_sender(app.clone(), stop_rx.clone()));
    let reminders = tokio::spawn(app::applying::run_reminders(app.clone(), stop_rx.clone()));
    let sweeper = tokio::spawn(app::run_sweeper(app.clone(), stop_rx));
    println!("Kakehashi is serving at http://{address}/ (database: {})", app.store.backend().as_str());
    tracing::info!(%address, "serving");
    web::serve(app.clone(), config, listener, shutdown_signal()).await?;
    // Refusals still queued for the audit log are written before the process ends.
    app.refusals_written().await;
    let _ = stop_tx.send(true);
    let _ = sender.await;
    let _ = reminders.await;
    let _ = sweeper.await;
    Ok(())
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let url = cli.database_url.clone().unwrap_or_else(|| default_url(&cli.command).to_owned());
    match cli.command {
        Command::Serve(args) => {
            let (listener, address) = bind(&args.web).await?;
            let app = App::new(connect(&url).await?, app_config(&args.web, address)?);
            app.prepare().await.map_err(app_error)?;
            serve(app, &args.web, listener).await
        }
        Command::Demo(args) => {
            let (listener, address) = match args.no_serve {
                true => (None, args.web.listen),
                false => bind(&args.web).await.map(|(l, a)| (Some(l), a))?,
            };
            let app = App::new(connect(&url).await?, app_config(&args.web, address)?);
            let started = std::time::Instant::now();
            let options = DemoOptions {
                seed: args.seed,
                password: args.demo_password.clone(),
                extra_cleared: args.extra_cleared,
            };
            let summary = demo::load(&app, &options).await.map_err(app_error)?;
            let elapsed = started.elapsed();
            let c = &summary.counts;
            println!(
                "Demo programme year {} ({}): {} countries, {} missions, {} contracting organisations, {} participants, {} alumni, {} applications, in {:.1} s.",
                demo::RECRUITING_YEAR,
                if summary.created { "built" } else { "reused" },
                c.countries,
                c.missions,
                c.organisations,
                c.participants,
                c.alumni,
                c.applications,
                elapsed.as_secs_f64()
            );
            println!(
                "\nLog in at http://{address}/login with one of these accounts (password: {}):",
                args.demo_password
            );
            for account in summary.accounts.iter().chain(&summary.extra_accounts) {
                println!("  {:<22} {:<34} {}", account.role.as_str(), account.email, account.unit);
            }
            println!();
            match listener {
                Some(listener) => serve(app, &args.web, listener).await,
                None => Ok(()),
            }
        }
        Command::Migrate => {
            let app = App::new(connect(&url).await?, AppConfig::default());
            app.prepare().await.map_err(app_error)?;
            println!("The database at {} is up to date.", app.store.url_redacted());
            Ok(())
        }
        Command::Admin(command) => admin(&url, command).await,
        Command::Backup { file } => {
            let store = connect(&url).await?;
            let bytes = store::transfer::backup(&store, &file).await?;
            println!("Backup of {} written to {} ({bytes} bytes).", store.url_redacted(), file.display());
            Ok(())
        }
        Command::Export { file } => {
            let store = connect(&url).await?;
            let rows = if file.as_os_str() == "-" {
                let stdout = std::io::stdout();
                let mut out = std::io::BufWriter::new(stdout.lock());
                store::transfer::export(&store, &mut out).await?
            } else {
                if file.exists() {
                    bail!("{} exists already: choose a new file", file.display());
                }
                let partial = file.with_extension("partial");
                let mut out = std::io::BufWriter::new(
                    std::fs::File::create(&partial).with_context(|| partial.display().to_string())?,
                );
                let rows = store::transfer::export(&store, &mut out).await?;
                out.flush()?;
                drop(out);
                std::fs::rename(&partial, &file)?;
                rows
            };
            eprintln!("Exported {rows} rows from {}.", store.url_redacted());
            Ok(())
        }
        Command::Import { file } => {
            let store = connect(&url).await?;
            store.migrate().await?;
            let rows = if file.as_os_str() == "-" {
                store::transfer::import(&store, std::io::stdin().lock()).await?
            } else {
                let input =
                    std::io::BufReader::new(std::fs::File::open(&file).with_context(|| file.display().to_string())?);
                store::transfer::import(&store, input).await?
            };
            println!("Imported {rows} rows into {}.", store.url_redacted());
            Ok(())
        }
        Command::Place(_) | Command::PlaceGenerate(_) => Ok(()),
    }
}

enum RoleChange {
    Give,
    Take,
}

async fn admin(url: &str, command: AdminCommand) -> anyhow::Result<()> {
    let command_kind = match command {
        AdminCommand::Revoke { .. } => RoleChange::Take,
        _ => RoleChange::Give,
    };
    let app = App::new(connect(url).await?, AppConfig::default());
    app.prepare().await.map_err(app_error)?;
    let user_of = async |app: &App, email: &str| -> anyhow::Result<domain::UserId> {
        let email = Email::parse(email).map_err(|e| app_error(e.into()))?;
        let mut tx = app.store.read().await?;
        let user =
            store::users::user_by_email(&mut tx, &email).await?.with_context(|| format!("no account uses {email}"))?;
        Ok(user.id())
    };
    match command {
        AdminCommand::CreateUser { email, name, language, password_stdin } => {
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                Some(line.trim_end_matches(['\r', '\n']).to_owned())
            } else {
                std::env::var("KAKEHASHI_PASSWORD").ok()
            };
            let language = Language::from_tag(&language).context("--language must be en, ja or ko")?;
            let user = app
                .create_user_unchecked(
                    None,
                    NewUserInput { email, display_name: name, password: password.clone(), language },
                )
                .await
                .map_err(app_error)?;
            println!("Created user {} (id {}).", user.email, user.id);
            if password.is_none() {
                println!("A link to choose a password was written to the outbox (or sent, when SMTP is configured).");
            }
            Ok(())
        }
        AdminCommand::Grant { email, role, unit } | AdminCommand::Revoke { email, role, unit } => {
            let give = matches!(command_kind, RoleChange::Give);
            let grant = grant_of(&role, &unit)?;
            let user = user_of(&app, &email).await?;
            let view = app.change_role(None, user, grant, give).await.map_err(app_error)?;
            println!("{} now holds: {}", view.email, roles_text(&view));
            Ok(())
        }
    }
}

fn grant_of(role: &str, unit: &str) -> anyhow::Result<RoleGrant> {
    let role = Role::parse(role)
        .map_err(|_| anyhow::anyhow!("--role must be one of: {}", Role::ALL.map(|r| r.as_str()).join(", ")))?;
    let unit = domain::Unit::parse_key(unit).map_err(|e| app_error(e.into()))?;
    RoleGrant::new(role, unit).map_err(|e| app_error(e.into()))
}

fn roles_text(view: &app::admin::UserView) -> String {
    if view.roles.is_empty() {
        return "no roles".into();
    }
    view.roles
        .iter()
        .map(|r| if r.unit == "-" { r.role.clone() } else { format!("{} ({})", r.role, r.unit) })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_valid() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
