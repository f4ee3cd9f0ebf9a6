<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr">
<context>
    <name>Projem</name>
    <message>
        <source>Projem</source>
        <translation>Projem</translation>
    </message>
    <message>
        <source>Unexpected error: {error}
Details are in the report view.</source>
        <translation>Beklenmeyen hata: {error}
Ayrıntılar rapor görünümünde.</translation>
    </message>
    <message>
        <source>Save the document before it goes to the library</source>
        <translation>Kütüphaneye gitmeden önce belgeyi kaydedin</translation>
    </message>
    <message>
        <source>Saved {name} version {version} to the library.</source>
        <translation>{name}, sürüm {version} olarak kütüphaneye kaydedildi.</translation>
    </message>
    <message>
        <source>{name} is unchanged: still version {version}.</source>
        <translation>{name} değişmedi: hâlâ sürüm {version}.</translation>
    </message>
    <message>
        <source>Model library</source>
        <translation>Model kütüphanesi</translation>
    </message>
    <message>
        <source>Tool library</source>
        <translation>Takım kütüphanesi</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>Tezgâhlar</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Malzemeler</translation>
    </message>
    <message>
        <source>Finish or close the open task first.</source>
        <translation>Önce açık görevi bitirin ya da kapatın.</translation>
    </message>
    <message>
        <source>CAM runs</source>
        <translation>CAM çalıştırmaları</translation>
    </message>
    <message>
        <source>Simulation</source>
        <translation>Simülasyon</translation>
    </message>
    <message>
        <source>There is no CAM run to simulate yet.</source>
        <translation>Henüz simüle edilecek bir CAM çalıştırması yok.</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Denetim kaydı</translation>
    </message>
    <message>
        <source>Projem database</source>
        <translation>Projem veritabanı</translation>
    </message>
    <message>
        <source>Location: {location}
Schema: {revision} ({status})

{counts}</source>
        <translation>Konum: {location}
Şema: {revision} ({status})

{counts}</translation>
    </message>
    <message>
        <source>not valid JSON: {reason}</source>
        <translation>geçerli JSON değil: {reason}</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Tüm işlemler</translation>
    </message>
    <message>
        <source>Entity id</source>
        <translation>Kayıt no</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Her zaman</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Son 24 saat</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Son 7 gün</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Son 30 gün</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Son bir yıl</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Yenile</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Doğrula</translation>
    </message>
    <message>
        <source>Recompute every hash of the audit chain and report the first break</source>
        <translation>Denetim zincirinin tüm özetlerini yeniden hesapla ve ilk kopukluğu bildir</translation>
    </message>
    <message>
        <source>Verify rows</source>
        <translation>Satırları doğrula</translation>
    </message>
    <message>
        <source>Compare every audited row with its newest entry in the audit trail: finds changes made beside Projem, e.g. by SQL</source>
        <translation>Denetlenen her satırı denetim kaydındaki en yeni girdisiyle karşılaştır: Projem dışında (ör. SQL ile) yapılan değişiklikleri bulur</translation>
    </message>
    <message>
        <source>All entities</source>
        <translation>Tüm kayıt türleri</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Girdi</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zaman</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>İşlem</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Kayıt türü</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Kullanıcı</translation>
    </message>
    <message>
        <source>{shown} of {total} entries shown (newest first)</source>
        <translation>{total} girdiden {shown} tanesi gösteriliyor (en yenisi önce)</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Önce</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Sonra</translation>
    </message>
    <message>
        <source>Verifying the audit chain…</source>
        <translation>Denetim zinciri doğrulanıyor…</translation>
    </message>
    <message>
        <source>Comparing every audited row with the audit trail…</source>
        <translation>Denetlenen her satır denetim kaydıyla karşılaştırılıyor…</translation>
    </message>
    <message>
        <source>Rows match the audit trail: {count} rows in {tables} tables compared</source>
        <translation>Satırlar denetim kaydıyla uyuşuyor: {tables} tabloda {count} satır karşılaştırıldı</translation>
    </message>
    <message>
        <source>Rows DIFFER from the audit trail: {count} difference(s) in {rows} rows (listed below; recorded as a security event)</source>
        <translation>Satırlar denetim kaydından FARKLI: {rows} satırda {count} fark (aşağıda listelendi; güvenlik olayı olarak kaydedildi)</translation>
    </message>
    <message>
        <source>Audit chain intact: {count} entries verified, head {head}</source>
        <translation>Denetim zinciri sağlam: {count} girdi doğrulandı, baş {head}</translation>
    </message>
    <message>
        <source>entry {id}</source>
        <translation>{id} numaralı girdi</translation>
    </message>
    <message>
        <source>the chain&apos;s end</source>
        <translation>zincirin sonu</translation>
    </message>
    <message>
        <source>Audit chain BROKEN at {where}: {reason} — {detail} ({count} entries verified before it; recorded as a security event)</source>
        <translation>Denetim zinciri {where} noktasında KIRIK: {reason} — {detail} (öncesinde {count} girdi doğrulandı; güvenlik olayı olarak kaydedildi)</translation>
    </message>
    <message>
        <source>Search models…</source>
        <translation>Model ara…</translation>
    </message>
    <message>
        <source>Show deleted</source>
        <translation>Silinenleri göster</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Aç</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Karşılaştır</translation>
    </message>
    <message>
        <source>Select two versions to compare them</source>
        <translation>Karşılaştırmak için iki sürüm seçin</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Sil</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Geri getir</translation>
    </message>
    <message>
        <source>New CAM run</source>
        <translation>Yeni CAM çalıştırması</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Planla</translation>
    </message>
    <message>
        <source>Make the default plan: stock, operations, tools and feeds</source>
        <translation>Varsayılan planı yap: ham parça, operasyonlar, takımlar ve ilerlemeler</translation>
    </message>
    <message>
        <source>Remove operation</source>
        <translation>Operasyonu kaldır</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Çalıştır</translation>
    </message>
    <message>
        <source>Check the plan, make the toolpaths and post the G-code</source>
        <translation>Planı denetle, takım yollarını oluştur ve G kodunu son işlemciden geçir</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Sonuç</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>Tezgâh</translation>
    </message>
    <message>
        <source>Stock margins (mm)</source>
        <translation>Ham parça payları (mm)</translation>
    </message>
    <message>
        <source>Added to the part&apos;s bounding box on each side</source>
        <translation>Parçanın sınır kutusuna her yönden eklenir</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Operasyonlar</translation>
    </message>
    <message>
        <source>Every cell can be edited. Grey values come from the feeds-and-speeds calculator: leave them blank to keep them.</source>
        <translation>Her hücre düzenlenebilir. Gri değerler kesme değerleri hesaplayıcısından gelir: bu değerleri korumak için hücreyi boş bırakın.</translation>
    </message>
    <message>
        <source>Active document: {label} (saved to the library first)</source>
        <translation>Etkin belge: {label} (önce kütüphaneye kaydedilir)</translation>
    </message>
    <message>
        <source>machines</source>
        <translation>tezgâh</translation>
    </message>
    <message>
        <source>materials</source>
        <translation>malzeme</translation>
    </message>
    <message>
        <source>tools</source>
        <translation>takım</translation>
    </message>
    <message>
        <source>The database has no {what} yet: add them in the Projem editors, or load the starter catalogue (projem catalog load).</source>
        <translation>Veritabanında henüz {what} kaydı yok: Projem düzenleyicilerinden ekleyin ya da başlangıç kataloğunu yükleyin (projem catalog load).</translation>
    </message>
    <message>
        <source>new version when planned</source>
        <translation>planlanınca yeni sürüm</translation>
    </message>
    <message>
        <source>version {version}</source>
        <translation>sürüm {version}</translation>
    </message>
    <message>
        <source>Plan again for this model.</source>
        <translation>Bu model için yeniden planlayın.</translation>
    </message>
    <message>
        <source>Choose a model, a machine and a material.</source>
        <translation>Bir model, bir tezgâh ve bir malzeme seçin.</translation>
    </message>
    <message>
        <source>Planning {model} v{version}…</source>
        <translation>{model} s{version} planlanıyor…</translation>
    </message>
    <message>
        <source>The plan has no notes.</source>
        <translation>Planın notu yok.</translation>
    </message>
    <message>
        <source>Planned {count} operations for {model} v{version}. Edit them, then Run.</source>
        <translation>{model} s{version} için {count} operasyon planlandı. Düzenleyin, ardından Çalıştır&apos;a basın.</translation>
    </message>
    <message>
        <source>the plan</source>
        <translation>plan</translation>
    </message>
    <message>
        <source>stock {side}: {message}</source>
        <translation>ham parça {side}: {message}</translation>
    </message>
    <message>
        <source>Correct the marked fields, then Run.</source>
        <translation>İşaretli alanları düzeltin, ardından Çalıştır&apos;a basın.</translation>
    </message>
    <message>
        <source>Running CAM for {model} v{version}…</source>
        <translation>{model} s{version} için CAM çalışıyor…</translation>
    </message>
    <message>
        <source>Run {id} succeeded.</source>
        <translation>{id} numaralı çalıştırma başarılı.</translation>
    </message>
    <message>
        <source>FreeCAD&apos;s CAM job is open for inspection ({file}).</source>
        <translation>FreeCAD&apos;in CAM işi incelemeniz için açık ({file}).</translation>
    </message>
    <message>
        <source>The run failed.</source>
        <translation>Çalıştırma başarısız oldu.</translation>
    </message>
    <message>
        <source>Newest version</source>
        <translation>En yeni sürüm</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Kaydedildi</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Sürüm</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Boyut</translation>
    </message>
    <message>
        <source>FreeCAD</source>
        <translation>FreeCAD</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Nesneler</translation>
    </message>
    <message>
        <source>Volume (mm³)</source>
        <translation>Hacim (mm³)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>silindi</translation>
    </message>
    <message>
        <source>no thumbnail</source>
        <translation>küçük resim yok</translation>
    </message>
    <message>
        <source>{name}, version {version}</source>
        <translation>{name}, sürüm {version}</translation>
    </message>
    <message>
        <source>Saved: {when}</source>
        <translation>Kaydedildi: {when}</translation>
    </message>
    <message>
        <source>Size: {size}</source>
        <translation>Boyut: {size}</translation>
    </message>
    <message>
        <source>Saved by FreeCAD {version}</source>
        <translation>FreeCAD {version} ile kaydedildi</translation>
    </message>
    <message>
        <source>Description: {text}</source>
        <translation>Açıklama: {text}</translation>
    </message>
    <message>
        <source>Solids: {solids}, volume {volume} mm³, area {area} mm²</source>
        <translation>Katılar: {solids}, hacim {volume} mm³, alan {area} mm²</translation>
    </message>
    <message>
        <source>Bounding box: {size} mm</source>
        <translation>Sınır kutusu: {size} mm</translation>
    </message>
    <message>
        <source>Geometry was not measured.</source>
        <translation>Geometri ölçülmedi.</translation>
    </message>
    <message>
        <source>Objects ({count}):</source>
        <translation>Nesneler ({count}):</translation>
    </message>
    <message>
        <source>Opened {name} version {version}.</source>
        <translation>{name}, sürüm {version} açıldı.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>yok</translation>
    </message>
    <message>
        <source>Version {a} → version {b}</source>
        <translation>Sürüm {a} → sürüm {b}</translation>
    </message>
    <message>
        <source>Objects added: {names}</source>
        <translation>Eklenen nesneler: {names}</translation>
    </message>
    <message>
        <source>Objects removed: {names}</source>
        <translation>Kaldırılan nesneler: {names}</translation>
    </message>
    <message>
        <source>Objects whose type changed: {names}</source>
        <translation>Türü değişen nesneler: {names}</translation>
    </message>
    <message>
        <source>Geometry: unchanged</source>
        <translation>Geometri: değişmedi</translation>
    </message>
    <message>
        <source>The two files are identical.</source>
        <translation>İki dosya aynı.</translation>
    </message>
    <message>
        <source>Deleted version(s) {versions} (Restore brings them back).</source>
        <translation>{versions} sürümleri silindi (Geri getir ile dönerler).</translation>
    </message>
    <message>
        <source>Restored version(s) {versions}.</source>
        <translation>{versions} sürümleri geri getirildi.</translation>
    </message>
    <message>
        <source>Empty: projem.sqlite3 in your user data folder</source>
        <translation>Boş: kullanıcı veri klasörünüzdeki projem.sqlite3</translation>
    </message>
    <message>
        <source>A SQLite file path, or postgresql://user@host/database for a shared database</source>
        <translation>Bir SQLite dosya yolu ya da ortak veritabanı için postgresql://kullanici@sunucu/veritabani</translation>
    </message>
    <message>
        <source>SQLite file…</source>
        <translation>SQLite dosyası…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Bağlantıyı sına</translation>
    </message>
    <message>
        <source>Empty: beside the SQLite file</source>
        <translation>Boş: SQLite dosyasının yanında</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Klasör…</translation>
    </message>
    <message>
        <source>FreeCAD&apos;s language</source>
        <translation>FreeCAD&apos;in dili</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Veritabanı</translation>
    </message>
    <message>
        <source>Database URL or file</source>
        <translation>Veritabanı URL&apos;si veya dosyası</translation>
    </message>
    <message>
        <source>Artefact store</source>
        <translation>Dosya deposu</translation>
    </message>
    <message>
        <source>Folder for documents and G-code</source>
        <translation>Belgeler ve G-kodu için klasör</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Dil</translation>
    </message>
    <message>
        <source>Projem&apos;s language</source>
        <translation>Projem&apos;in dili</translation>
    </message>
    <message>
        <source>A new language shows after FreeCAD is restarted.</source>
        <translation>Yeni dil FreeCAD yeniden başlatıldıktan sonra görünür.</translation>
    </message>
    <message>
        <source>SQLite database file</source>
        <translation>SQLite veritabanı dosyası</translation>
    </message>
    <message>
        <source>Artefact store folder</source>
        <translation>Dosya deposu klasörü</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Bağlanılıyor…</translation>
    </message>
    <message>
        <source>Connected: {result}</source>
        <translation>Bağlandı: {result}</translation>
    </message>
    <message>
        <source>Cannot connect: {reason}</source>
        <translation>Bağlanılamıyor: {reason}</translation>
    </message>
    <message>
        <source>Search by name…</source>
        <translation>Ada göre ara…</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Yeni</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Kaydet</translation>
    </message>
    <message>
        <source>{count} shown</source>
        <translation>{count} gösteriliyor</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>Kaydedilmedi: kırmızıyla işaretli alanları düzeltin.</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} kaydedildi.</translation>
    </message>
    <message>
        <source>Deleted {name} (Restore brings it back).</source>
        <translation>{name} silindi (Geri getir ile döner).</translation>
    </message>
    <message>
        <source>Restored {name}.</source>
        <translation>{name} geri getirildi.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Machine type</source>
        <translation>Tezgâh türü</translation>
    </message>
    <message>
        <source>Controller</source>
        <translation>Kontrol ünitesi</translation>
    </message>
    <message>
        <source>Post-processor</source>
        <translation>Son işlemci</translation>
    </message>
    <message>
        <source>Travel X (mm)</source>
        <translation>X hareket mesafesi (mm)</translation>
    </message>
    <message>
        <source>Travel Y (mm)</source>
        <translation>Y hareket mesafesi (mm)</translation>
    </message>
    <message>
        <source>Travel Z (mm)</source>
        <translation>Z hareket mesafesi (mm)</translation>
    </message>
    <message>
        <source>Maximum spindle speed (rpm)</source>
        <translation>En yüksek iş mili devri (dev/dak)</translation>
    </message>
    <message>
        <source>Maximum feed (mm/min)</source>
        <translation>En yüksek ilerleme (mm/dak)</translation>
    </message>
    <message>
        <source>Rapid (mm/min)</source>
        <translation>Hızlı hareket (mm/dak)</translation>
    </message>
    <message>
        <source>Acceleration (mm/s²)</source>
        <translation>İvme (mm/s²)</translation>
    </message>
    <message>
        <source>Tool changer slots</source>
        <translation>Takım değiştirici cep sayısı</translation>
    </message>
    <message>
        <source>Spindle power (kW)</source>
        <translation>İş mili gücü (kW)</translation>
    </message>
    <message>
        <source>In service</source>
        <translation>Kullanımda</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notlar</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operasyon</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Takım</translation>
    </message>
    <message>
        <source>Faces</source>
        <translation>Yüzeyler</translation>
    </message>
    <message>
        <source>Feed (mm/min)</source>
        <translation>İlerleme (mm/dak)</translation>
    </message>
    <message>
        <source>Plunge (mm/min)</source>
        <translation>Dalma ilerlemesi (mm/dak)</translation>
    </message>
    <message>
        <source>Stepdown (mm)</source>
        <translation>Paso derinliği (mm)</translation>
    </message>
    <message>
        <source>Stepover (%)</source>
        <translation>Yan paso (%)</translation>
    </message>
    <message>
        <source>Final depth (Z mm)</source>
        <translation>Son derinlik (Z mm)</translation>
    </message>
    <message>
        <source>not a number: {text}</source>
        <translation>sayı değil: {text}</translation>
    </message>
    <message>
        <source>row {row} ({name})</source>
        <translation>satır {row} ({name})</translation>
    </message>
    <message>
        <source>Blank: the calculator&apos;s value, {value}</source>
        <translation>Boş: hesaplayıcının değeri, {value}</translation>
    </message>
    <message>
        <source>Travels X×Y×Z (mm)</source>
        <translation>Hareket X×Y×Z (mm)</translation>
    </message>
    <message>
        <source>Spindle (rpm)</source>
        <translation>İş mili (dev/dak)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>evet</translation>
    </message>
    <message>
        <source>no</source>
        <translation>hayır</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>ISO group</source>
        <translation>ISO grubu</translation>
    </message>
    <message>
        <source>Hardness</source>
        <translation>Sertlik</translation>
    </message>
    <message>
        <source>Density (g/cm³)</source>
        <translation>Yoğunluk (g/cm³)</translation>
    </message>
    <message>
        <source>Machinability (%)</source>
        <translation>İşlenebilirlik (%)</translation>
    </message>
    <message>
        <source>Cutting data (JSON)</source>
        <translation>Kesme verileri (JSON)</translation>
    </message>
    <message>
        <source>Cutting data</source>
        <translation>Kesme verileri</translation>
    </message>
    <message>
        <source>Save document to library</source>
        <translation>Belgeyi kütüphaneye kaydet</translation>
    </message>
    <message>
        <source>What changed in this version (optional)</source>
        <translation>Bu sürümde ne değişti (isteğe bağlı)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Dosya</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>Model adı</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Açıklama</translation>
    </message>
    <message>
        <source>A model name is 1 to 200 characters.</source>
        <translation>Model adı 1 ile 200 karakter arasında olmalı.</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Tüm türler</translation>
    </message>
    <message>
        <source>All tool materials</source>
        <translation>Tüm takım malzemeleri</translation>
    </message>
    <message>
        <source>Ø from</source>
        <translation>Ø en az</translation>
    </message>
    <message>
        <source>Ø to</source>
        <translation>Ø en çok</translation>
    </message>
    <message>
        <source>Low stock</source>
        <translation>Stok az</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>İçe aktar…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Dışa aktar…</translation>
    </message>
    <message>
        <source>Write every tool as a FreeCAD tool library, LinuxCNC tool table, CSV or JSON</source>
        <translation>Tüm takımları FreeCAD takım kütüphanesi, LinuxCNC takım tablosu, CSV veya JSON olarak yaz</translation>
    </message>
    <message>
        <source>Tool number (T)</source>
        <translation>Takım numarası (T)</translation>
    </message>
    <message>
        <source>Tool type</source>
        <translation>Takım türü</translation>
    </message>
    <message>
        <source>Tool material</source>
        <translation>Takım malzemesi</translation>
    </message>
    <message>
        <source>Diameter (mm)</source>
        <translation>Çap (mm)</translation>
    </message>
    <message>
        <source>Flutes</source>
        <translation>Ağız sayısı</translation>
    </message>
    <message>
        <source>Flute length (mm)</source>
        <translation>Kesme boyu (mm)</translation>
    </message>
    <message>
        <source>Overall length (mm)</source>
        <translation>Toplam boy (mm)</translation>
    </message>
    <message>
        <source>Shank diameter (mm)</source>
        <translation>Sap çapı (mm)</translation>
    </message>
    <message>
        <source>Corner radius (mm)</source>
        <translation>Köşe radyüsü (mm)</translation>
    </message>
    <message>
        <source>Tip angle (°)</source>
        <translation>Uç açısı (°)</translation>
    </message>
    <message>
        <source>Coating</source>
        <translation>Kaplama</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Üretici</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>Parça numarası</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>Eldeki</translation>
    </message>
    <message>
        <source>Minimum stock</source>
        <translation>Asgari stok</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Yer</translation>
    </message>
    <message>
        <source>FreeCAD shape</source>
        <translation>FreeCAD şekli</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>Malzeme</translation>
    </message>
    <message>
        <source>Ø (mm)</source>
        <translation>Ø (mm)</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Asgari</translation>
    </message>
    <message>
        <source>Low stock: {on_hand} on hand, minimum {minimum}</source>
        <translation>Stok az: elde {on_hand}, asgari {minimum}</translation>
    </message>
    <message>
        <source>{low} low on stock</source>
        <translation>{low} takımın stoku az</translation>
    </message>
    <message>
        <source>Import tools</source>
        <translation>Takımları içe aktar</translation>
    </message>
    <message>
        <source>{count} tool(s) in the file have a number another tool already has:

{clashes}

Give them the next free numbers?</source>
        <translation>Dosyadaki {count} takımın numarası başka bir takımda zaten var:

{clashes}

Onlara sıradaki boş numaralar verilsin mi?</translation>
    </message>
    <message>
        <source>{count} tool(s) in the file were refused:

{rejected}

Import the other tools anyway?</source>
        <translation>Dosyadaki {count} takım reddedildi:

{rejected}

Diğer takımlar yine de içe aktarılsın mı?</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>Hiçbir şey içe aktarılmadı.</translation>
    </message>
    <message>
        <source>Add or update tools from a FreeCAD tool library, LinuxCNC tool table, CSV or JSON</source>
        <translation>FreeCAD takım kütüphanesinden, LinuxCNC takım tablosundan, CSV veya JSON dosyasından takım ekle ya da güncelle</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Imported {file}: {summary}</source>
        <translation>{file} içe aktarıldı: {summary}</translation>
    </message>
    <message>
        <source>Export tools</source>
        <translation>Takımları dışa aktar</translation>
    </message>
    <message>
        <source>Exported {count} tools to {path}</source>
        <translation>{count} takım {path} dosyasına aktarıldı</translation>
    </message>
    <message>
        <source>Projem cannot use its database:

{reason}</source>
        <translation>Projem veritabanını kullanamıyor:

{reason}</translation>
    </message>
    <message>
        <source>Projem could not open its database because of an unexpected error:

{reason}

The details are in FreeCAD&apos;s report view.</source>
        <translation>Projem beklenmeyen bir hata yüzünden veritabanını açamadı:

{reason}

Ayrıntılar FreeCAD&apos;in rapor görünümünde.</translation>
    </message>
    <message>
        <source>Projem cannot start</source>
        <translation>Projem başlatılamıyor</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>bekliyor</translation>
    </message>
    <message>
        <source>running</source>
        <translation>çalışıyor</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>başarılı</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>başarısız</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} dk {seconds} sn</translation>
    </message>
    <message>
        <source>Export G-code…</source>
        <translation>G kodunu dışa aktar…</translation>
    </message>
    <message>
        <source>Export tool table…</source>
        <translation>Takım tablosunu dışa aktar…</translation>
    </message>
    <message>
        <source>Write a LinuxCNC tool table (.tbl) of the run&apos;s tools</source>
        <translation>Çalıştırmanın takımlarıyla bir LinuxCNC takım tablosu (.tbl) yaz</translation>
    </message>
    <message>
        <source>Simulation…</source>
        <translation>Simülasyon…</translation>
    </message>
    <message>
        <source>Open the Simulation panel: simulate this run&apos;s G-code</source>
        <translation>Simülasyon panelini aç: bu çalıştırmanın G kodunu simüle et</translation>
    </message>
    <message>
        <source>Run {id}: {status} — {model} v{version}, {machine}, {material}</source>
        <translation>Çalıştırma {id}: {status} — {model} s{version}, {machine}, {material}</translation>
    </message>
    <message>
        <source>{moves} moves, cutting {cut} mm, rapid {rapid} mm, estimated cycle time {time} (from feeds, without acceleration); FreeCAD {freecad}, {post} post</source>
        <translation>{moves} hareket, kesme {cut} mm, hızlı hareket {rapid} mm, tahmini çevrim süresi {time} (ilerlemelerden, ivmelenme hariç); FreeCAD {freecad}, {post} son işlemcisi</translation>
    </message>
    <message>
        <source>Speed and feed</source>
        <translation>Devir ve ilerleme</translation>
    </message>
    <message>
        <source>Cutting (mm)</source>
        <translation>Kesme (mm)</translation>
    </message>
    <message>
        <source>The first {shown} of {total} lines; the export has them all.</source>
        <translation>{total} satırın ilk {shown} tanesi; dışa aktarılan dosyada hepsi var.</translation>
    </message>
    <message>
        <source>{total} lines</source>
        <translation>{total} satır</translation>
    </message>
    <message>
        <source>Export held G-code?</source>
        <translation>Bekletilen G kodu dışa aktarılsın mı?</translation>
    </message>
    <message>
        <source>The simulation has not released this G-code. Export it anyway? The forced export is recorded in the audit trail.</source>
        <translation>Simülasyon bu G kodunu serbest bırakmadı. Yine de dışa aktarılsın mı? Zorlanan dışa aktarma denetim kaydına yazılır.</translation>
    </message>
    <message>
        <source>Export anyway</source>
        <translation>Yine de dışa aktar</translation>
    </message>
    <message>
        <source>Nothing exported.</source>
        <translation>Hiçbir şey dışa aktarılmadı.</translation>
    </message>
    <message>
        <source>Export G-code</source>
        <translation>G kodunu dışa aktar</translation>
    </message>
    <message>
        <source>G-code (*.ngc *.nc *.gcode);;All files (*)</source>
        <translation>G kodu (*.ngc *.nc *.gcode);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <source>Held G-code written to {path}; the forced export is audited.</source>
        <translation>Bekletilen G kodu {path} dosyasına yazıldı; zorlanan dışa aktarma denetim kaydında.</translation>
    </message>
    <message>
        <source>G-code written to {path}</source>
        <translation>G kodu {path} dosyasına yazıldı</translation>
    </message>
    <message>
        <source>Export LinuxCNC tool table</source>
        <translation>LinuxCNC takım tablosunu dışa aktar</translation>
    </message>
    <message>
        <source>LinuxCNC tool table (*.tbl)</source>
        <translation>LinuxCNC takım tablosu (*.tbl)</translation>
    </message>
    <message>
        <source>{count} tools written to {path}</source>
        <translation>{count} takım {path} dosyasına yazıldı</translation>
    </message>
    <message>
        <source>held</source>
        <translation>bekletiliyor</translation>
    </message>
    <message>
        <source>released</source>
        <translation>serbest</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Tüm modeller</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Moves</source>
        <translation>Hareketler</translation>
    </message>
    <message>
        <source>Cycle time</source>
        <translation>Çevrim süresi</translation>
    </message>
    <message>
        <source>G-code</source>
        <translation>G kodu</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Oluşturulma</translation>
    </message>
    <message>
        <source>Runs shown: {count} (newest first)</source>
        <translation>Gösterilen çalıştırma: {count} (en yenisi önce)</translation>
    </message>
    <message>
        <source>Created: {when}</source>
        <translation>Oluşturulma: {when}</translation>
    </message>
    <message>
        <source>CAM job document: {path}</source>
        <translation>CAM işi belgesi: {path}</translation>
    </message>
    <message>
        <source>Plan notes:</source>
        <translation>Plan notları:</translation>
    </message>
    <message>
        <source>{operation}: given in the spec: {fields}</source>
        <translation>{operation}: tanımda verilenler: {fields}</translation>
    </message>
    <message>
        <source>Tools: {tools}</source>
        <translation>Takımlar: {tools}</translation>
    </message>
    <message>
        <source>Not simulated: the G-code is held until a simulation is clean</source>
        <translation>Simüle edilmedi: G kodu temiz bir simülasyona kadar bekletiliyor</translation>
    </message>
    <message>
        <source>Held: the simulation is still running</source>
        <translation>Bekletiliyor: simülasyon hâlâ çalışıyor</translation>
    </message>
    <message>
        <source>Held: the simulation failed — {error}</source>
        <translation>Bekletiliyor: simülasyon başarısız oldu — {error}</translation>
    </message>
    <message>
        <source>Released: simulation clean ({count} warnings)</source>
        <translation>Serbest: simülasyon temiz ({count} uyarı)</translation>
    </message>
    <message>
        <source>Released: simulation clean</source>
        <translation>Serbest: simülasyon temiz</translation>
    </message>
    <message>
        <source>Held: {count} errors — first: {finding}</source>
        <translation>Bekletiliyor: {count} hata — ilki: {finding}</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>temiz</translation>
    </message>
    <message>
        <source>{count} errors</source>
        <translation>{count} hata</translation>
    </message>
    <message>
        <source>{id}: {resolution} mm, {when} — {verdict}</source>
        <translation>{id}: {resolution} mm, {when} — {verdict}</translation>
    </message>
    <message>
        <source>This CAM run has no G-code to simulate.</source>
        <translation>Bu CAM çalıştırmasının simüle edilecek G kodu yok.</translation>
    </message>
    <message>
        <source>No CAM run chosen</source>
        <translation>CAM çalıştırması seçilmedi</translation>
    </message>
    <message>
        <source>CAM run {id}: {model} v{version}, {machine}, {material}</source>
        <translation>CAM çalıştırması {id}: {model} s{version}, {machine}, {material}</translation>
    </message>
    <message>
        <source>Simulating at {resolution} mm… {elapsed} s</source>
        <translation>{resolution} mm çözünürlükte simüle ediliyor… {elapsed} sn</translation>
    </message>
    <message>
        <source>Removed {removed}, remaining {remaining}, left above the part {left}</source>
        <translation>Kaldırılan {removed}, kalan {remaining}, parçanın üstünde kalan {left}</translation>
    </message>
    <message>
        <source>Cycle time {cycle} with acceleration, {feed_only} from feeds alone; simulated at {resolution} mm in {elapsed} s</source>
        <translation>Çevrim süresi ivmelenmeyle {cycle}, yalnız ilerlemelerden {feed_only}; {resolution} mm çözünürlükte {elapsed} sn&apos;de simüle edildi</translation>
    </message>
    <message>
        <source>Findings: {errors} errors, {warnings} warnings</source>
        <translation>Bulgular: {errors} hata, {warnings} uyarı</translation>
    </message>
    <message>
        <source>Cell size of the stock&apos;s height field: finer is slower</source>
        <translation>Ham parçanın yükseklik alanının hücre boyu: daha ince daha yavaş</translation>
    </message>
    <message>
        <source>Simulate the run&apos;s G-code on its stock with its tools</source>
        <translation>Çalıştırmanın G kodunu kendi ham parçası ve takımlarıyla simüle et</translation>
    </message>
    <message>
        <source>Simulations of this run stored so far</source>
        <translation>Bu çalıştırmanın şimdiye kadar kaydedilen simülasyonları</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Çözünürlük</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Kayıtlı</translation>
    </message>
    <message>
        <source>Machined stock</source>
        <translation>İşlenmiş ham parça</translation>
    </message>
    <message>
        <source>Material left</source>
        <translation>Kalan malzeme</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>henüz yok</translation>
    </message>
    <message>
        <source>no picture yet</source>
        <translation>henüz resim yok</translation>
    </message>
    <message>
        <source>{width} × {height} px</source>
        <translation>{width} × {height} piksel</translation>
    </message>
    <message>
        <source>Wait for the simulation of run {id} to finish.</source>
        <translation>{id} numaralı çalıştırmanın simülasyonunun bitmesini bekleyin.</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Önem</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Satır</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>İleti</translation>
    </message>
    <message>
        <source>error</source>
        <translation>hata</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>uyarı</translation>
    </message>
    <message>
        <source>Simulation {id} stored.</source>
        <translation>Simülasyon {id} kaydedildi.</translation>
    </message>
    <message>
        <source>Projem needs these Python packages, which FreeCAD&apos;s Python cannot import: {packages}.

Press Install to install them where FreeCAD finds add-on packages (an internet connection is needed), or Install from folder… for a folder of wheels prepared with &apos;python3 -m projem_workbench deps download&apos; on a computer that has one. From a terminal, in Projem&apos;s folder:
  python3 -m projem_workbench deps install</source>
        <translation>Projem şu Python paketlerine ihtiyaç duyuyor, FreeCAD&apos;in Python&apos;u bunları içe aktaramıyor: {packages}.

FreeCAD&apos;in eklenti paketlerini bulduğu yere kurmak için Kur düğmesine basın (internet bağlantısı gerekir) ya da internete bağlı bir bilgisayarda &apos;python3 -m projem_workbench deps download&apos; ile hazırlanmış bir wheel klasörü için Klasörden kur… düğmesini kullanın. Bir terminalden, Projem&apos;in klasöründe:
  python3 -m projem_workbench deps install</translation>
    </message>
    <message>
        <source>On Debian or Ubuntu with FreeCAD from the distribution, also:
  sudo apt install {debian}</source>
        <translation>Dağıtımın FreeCAD&apos;i ile Debian veya Ubuntu&apos;da ayrıca:
  sudo apt install {debian}</translation>
    </message>
    <message>
        <source>Projem needs Python packages</source>
        <translation>Projem Python paketlerine ihtiyaç duyuyor</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>Kur</translation>
    </message>
    <message>
        <source>Install from folder…</source>
        <translation>Klasörden kur…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Folder of wheels for Projem&apos;s packages</source>
        <translation>Projem paketlerinin wheel klasörü</translation>
    </message>
    <message>
        <source>Installing into {folder} …</source>
        <translation>{folder} klasörüne kuruluyor …</translation>
    </message>
    <message>
        <source>The Python executable could not be started.</source>
        <translation>Python yürütülebilir dosyası başlatılamadı.</translation>
    </message>
    <message>
        <source>Set the Python executable in FreeCAD&apos;s preferences (General &gt; Python console), then press Install again.</source>
        <translation>FreeCAD tercihlerinde Python yürütülebilir dosyasını ayarlayın (Genel &gt; Python konsolu), sonra yeniden Kur düğmesine basın.</translation>
    </message>
    <message>
        <source>pip finished, but the packages do not import: </source>
        <translation>pip bitti, ancak paketler içe aktarılamıyor: </translation>
    </message>
    <message>
        <source>Remove the folder {folder} and press Install again.</source>
        <translation>{folder} klasörünü silin ve yeniden Kur düğmesine basın.</translation>
    </message>
    <message>
        <source>The packages are installed, but this FreeCAD loaded an older copy before: {reason}</source>
        <translation>Paketler kuruldu, ancak bu FreeCAD daha önce eski bir kopyayı yükledi: {reason}</translation>
    </message>
    <message>
        <source>Restart FreeCAD to use them.</source>
        <translation>Kullanmak için FreeCAD&apos;i yeniden başlatın.</translation>
    </message>
    <message>
        <source>Installed. Projem is starting.</source>
        <translation>Kuruldu. Projem başlıyor.</translation>
    </message>
</context>
<context>
    <name>Projem_DatabaseStatus</name>
    <message>
        <source>Database status</source>
        <translation>Veritabanı durumu</translation>
    </message>
    <message>
        <source>Show the Projem database&apos;s location, schema and contents</source>
        <translation>Projem veritabanının konumunu, şemasını ve içeriğini göster</translation>
    </message>
</context>
<context>
    <name>Projem_EditPreferences</name>
    <message>
        <source>Preferences…</source>
        <translation>Tercihler…</translation>
    </message>
    <message>
        <source>Choose the database, the artefact store folder and the language</source>
        <translation>Veritabanını, dosya deposu klasörünü ve dili seçin</translation>
    </message>
</context>
<context>
    <name>Projem_ManageMachines</name>
    <message>
        <source>Machines</source>
        <translation>Tezgâhlar</translation>
    </message>
    <message>
        <source>Edit the CNC machines: travels, spindle, feeds, post-processor</source>
        <translation>CNC tezgâhlarını düzenle: hareket mesafeleri, iş mili, ilerlemeler, son işlemci</translation>
    </message>
</context>
<context>
    <name>Projem_ManageMaterials</name>
    <message>
        <source>Materials</source>
        <translation>Malzemeler</translation>
    </message>
    <message>
        <source>Edit the workpiece materials and their cutting data</source>
        <translation>İş parçası malzemelerini ve kesme verilerini düzenle</translation>
    </message>
</context>
<context>
    <name>Projem_ManageTools</name>
    <message>
        <source>Tool library</source>
        <translation>Takım kütüphanesi</translation>
    </message>
    <message>
        <source>Edit the shop&apos;s cutting tools, stock, and tool-library files</source>
        <translation>Atölyenin kesici takımlarını, stoklarını ve takım kütüphanesi dosyalarını düzenle</translation>
    </message>
</context>
<context>
    <name>Projem_NewCamRun</name>
    <message>
        <source>New CAM run</source>
        <translation>Yeni CAM çalıştırması</translation>
    </message>
    <message>
        <source>Plan toolpaths for a model version on a machine and material, adjust them, and make the G-code</source>
        <translation>Bir model sürümü için tezgâha ve malzemeye göre takım yollarını planla, düzenle ve G kodunu oluştur</translation>
    </message>
</context>
<context>
    <name>Projem_OpenModel</name>
    <message>
        <source>Open model version</source>
        <translation>Model sürümü aç</translation>
    </message>
    <message>
        <source>Browse the model library: versions, thumbnails, open, compare, delete</source>
        <translation>Model kütüphanesine göz at: sürümler, küçük resimler, açma, karşılaştırma, silme</translation>
    </message>
</context>
<context>
    <name>Projem_SaveModel</name>
    <message>
        <source>Save document to library</source>
        <translation>Belgeyi kütüphaneye kaydet</translation>
    </message>
    <message>
        <source>Save the active document, then keep it in the library as a new version</source>
        <translation>Etkin belgeyi kaydet, ardından kütüphanede yeni bir sürüm olarak sakla</translation>
    </message>
</context>
<context>
    <name>Projem_ShowCamRuns</name>
    <message>
        <source>CAM runs</source>
        <translation>CAM çalıştırmaları</translation>
    </message>
    <message>
        <source>The CAM runs made so far: status, statistics, G-code and exports</source>
        <translation>Şimdiye kadarki CAM çalıştırmaları: durum, istatistikler, G kodu ve dışa aktarma</translation>
    </message>
</context>
<context>
    <name>Projem_Simulate</name>
    <message>
        <source>Simulate CAM run</source>
        <translation>CAM çalıştırmasını simüle et</translation>
    </message>
    <message>
        <source>Simulate the CAM run chosen in the CAM runs dock (else the newest): material removed and left, cycle time, and the G-code&apos;s errors before it goes to the machine</source>
        <translation>CAM çalıştırmaları panelinde seçilen (yoksa en yeni) CAM çalıştırmasını simüle et: kaldırılan ve kalan malzeme, çevrim süresi ve G kodu makineye gitmeden önce hataları</translation>
    </message>
</context>
<context>
    <name>Projem_VerifyAudit</name>
    <message>
        <source>Verify audit trail</source>
        <translation>Denetim kaydını doğrula</translation>
    </message>
    <message>
        <source>Show the audit log and check that no entry was changed or removed</source>
        <translation>Denetim kaydını göster ve hiçbir girdinin değiştirilmediğini ya da silinmediğini denetle</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <source>Projem</source>
        <translation>Projem</translation>
    </message>
</context>
</TS>
