<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Projem</name>
    <message>
        <source>Projem</source>
        <translation>Projem</translation>
    </message>
    <message>
        <source>Unexpected error: {error}
Details are in the report view.</source>
        <translation>Unexpected error: {error}
Details are in the report view.</translation>
    </message>
    <message>
        <source>Save the document before it goes to the library</source>
        <translation>Save the document before it goes to the library</translation>
    </message>
    <message>
        <source>Saved {name} version {version} to the library.</source>
        <translation>Saved {name} version {version} to the library.</translation>
    </message>
    <message>
        <source>{name} is unchanged: still version {version}.</source>
        <translation>{name} is unchanged: still version {version}.</translation>
    </message>
    <message>
        <source>Model library</source>
        <translation>Model library</translation>
    </message>
    <message>
        <source>Tool library</source>
        <translation>Tool library</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>Machines</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>Finish or close the open task first.</source>
        <translation>Finish or close the open task first.</translation>
    </message>
    <message>
        <source>CAM runs</source>
        <translation>CAM runs</translation>
    </message>
    <message>
        <source>Simulation</source>
        <translation>Simulation</translation>
    </message>
    <message>
        <source>There is no CAM run to simulate yet.</source>
        <translation>There is no CAM run to simulate yet.</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Projem database</source>
        <translation>Projem database</translation>
    </message>
    <message>
        <source>Location: {location}
Schema: {revision} ({status})

{counts}</source>
        <translation>Location: {location}
Schema: {revision} ({status})

{counts}</translation>
    </message>
    <message>
        <source>not valid JSON: {reason}</source>
        <translation>not valid JSON: {reason}</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>All actions</translation>
    </message>
    <message>
        <source>Entity id</source>
        <translation>Entity id</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Any time</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Last 24 hours</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Last year</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>Recompute every hash of the audit chain and report the first break</source>
        <translation>Recompute every hash of the audit chain and report the first break</translation>
    </message>
    <message>
        <source>Verify rows</source>
        <translation>Verify rows</translation>
    </message>
    <message>
        <source>Compare every audited row with its newest entry in the audit trail: finds changes made beside Projem, e.g. by SQL</source>
        <translation>Compare every audited row with its newest entry in the audit trail: finds changes made beside Projem, e.g. by SQL</translation>
    </message>
    <message>
        <source>All entities</source>
        <translation>All entities</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Entity</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>{shown} of {total} entries shown (newest first)</source>
        <translation>{shown} of {total} entries shown (newest first)</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>After</source>
        <translation>After</translation>
    </message>
    <message>
        <source>Verifying the audit chain…</source>
        <translation>Verifying the audit chain…</translation>
    </message>
    <message>
        <source>Comparing every audited row with the audit trail…</source>
        <translation>Comparing every audited row with the audit trail…</translation>
    </message>
    <message>
        <source>Rows match the audit trail: {count} rows in {tables} tables compared</source>
        <translation>Rows match the audit trail: {count} rows in {tables} tables compared</translation>
    </message>
    <message>
        <source>Rows DIFFER from the audit trail: {count} difference(s) in {rows} rows (listed below; recorded as a security event)</source>
        <translation>Rows DIFFER from the audit trail: {count} difference(s) in {rows} rows (listed below; recorded as a security event)</translation>
    </message>
    <message>
        <source>Audit chain intact: {count} entries verified, head {head}</source>
        <translation>Audit chain intact: {count} entries verified, head {head}</translation>
    </message>
    <message>
        <source>entry {id}</source>
        <translation>entry {id}</translation>
    </message>
    <message>
        <source>the chain&apos;s end</source>
        <translation>the chain&apos;s end</translation>
    </message>
    <message>
        <source>Audit chain BROKEN at {where}: {reason} — {detail} ({count} entries verified before it; recorded as a security event)</source>
        <translation>Audit chain BROKEN at {where}: {reason} — {detail} ({count} entries verified before it; recorded as a security event)</translation>
    </message>
    <message>
        <source>Search models…</source>
        <translation>Search models…</translation>
    </message>
    <message>
        <source>Show deleted</source>
        <translation>Show deleted</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Select two versions to compare them</source>
        <translation>Select two versions to compare them</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>New CAM run</source>
        <translation>New CAM run</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Make the default plan: stock, operations, tools and feeds</source>
        <translation>Make the default plan: stock, operations, tools and feeds</translation>
    </message>
    <message>
        <source>Remove operation</source>
        <translation>Remove operation</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Check the plan, make the toolpaths and post the G-code</source>
        <translation>Check the plan, make the toolpaths and post the G-code</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>Machine</translation>
    </message>
    <message>
        <source>Stock margins (mm)</source>
        <translation>Stock margins (mm)</translation>
    </message>
    <message>
        <source>Added to the part&apos;s bounding box on each side</source>
        <translation>Added to the part&apos;s bounding box on each side</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Operations</translation>
    </message>
    <message>
        <source>Every cell can be edited. Grey values come from the feeds-and-speeds calculator: leave them blank to keep them.</source>
        <translation>Every cell can be edited. Grey values come from the feeds-and-speeds calculator: leave them blank to keep them.</translation>
    </message>
    <message>
        <source>Active document: {label} (saved to the library first)</source>
        <translation>Active document: {label} (saved to the library first)</translation>
    </message>
    <message>
        <source>machines</source>
        <translation>machines</translation>
    </message>
    <message>
        <source>materials</source>
        <translation>materials</translation>
    </message>
    <message>
        <source>tools</source>
        <translation>tools</translation>
    </message>
    <message>
        <source>The database has no {what} yet: add them in the Projem editors, or load the starter catalogue (projem catalog load).</source>
        <translation>The database has no {what} yet: add them in the Projem editors, or load the starter catalogue (projem catalog load).</translation>
    </message>
    <message>
        <source>new version when planned</source>
        <translation>new version when planned</translation>
    </message>
    <message>
        <source>version {version}</source>
        <translation>version {version}</translation>
    </message>
    <message>
        <source>Plan again for this model.</source>
        <translation>Plan again for this model.</translation>
    </message>
    <message>
        <source>Choose a model, a machine and a material.</source>
        <translation>Choose a model, a machine and a material.</translation>
    </message>
    <message>
        <source>Planning {model} v{version}…</source>
        <translation>Planning {model} v{version}…</translation>
    </message>
    <message>
        <source>The plan has no notes.</source>
        <translation>The plan has no notes.</translation>
    </message>
    <message>
        <source>Planned {count} operations for {model} v{version}. Edit them, then Run.</source>
        <translation>Planned {count} operations for {model} v{version}. Edit them, then Run.</translation>
    </message>
    <message>
        <source>the plan</source>
        <translation>the plan</translation>
    </message>
    <message>
        <source>stock {side}: {message}</source>
        <translation>stock {side}: {message}</translation>
    </message>
    <message>
        <source>Correct the marked fields, then Run.</source>
        <translation>Correct the marked fields, then Run.</translation>
    </message>
    <message>
        <source>Running CAM for {model} v{version}…</source>
        <translation>Running CAM for {model} v{version}…</translation>
    </message>
    <message>
        <source>Run {id} succeeded.</source>
        <translation>Run {id} succeeded.</translation>
    </message>
    <message>
        <source>FreeCAD&apos;s CAM job is open for inspection ({file}).</source>
        <translation>FreeCAD&apos;s CAM job is open for inspection ({file}).</translation>
    </message>
    <message>
        <source>The run failed.</source>
        <translation>The run failed.</translation>
    </message>
    <message>
        <source>Newest version</source>
        <translation>Newest version</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>FreeCAD</source>
        <translation>FreeCAD</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objects</translation>
    </message>
    <message>
        <source>Volume (mm³)</source>
        <translation>Volume (mm³)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>deleted</translation>
    </message>
    <message>
        <source>no thumbnail</source>
        <translation>no thumbnail</translation>
    </message>
    <message>
        <source>{name}, version {version}</source>
        <translation>{name}, version {version}</translation>
    </message>
    <message>
        <source>Saved: {when}</source>
        <translation>Saved: {when}</translation>
    </message>
    <message>
        <source>Size: {size}</source>
        <translation>Size: {size}</translation>
    </message>
    <message>
        <source>Saved by FreeCAD {version}</source>
        <translation>Saved by FreeCAD {version}</translation>
    </message>
    <message>
        <source>Description: {text}</source>
        <translation>Description: {text}</translation>
    </message>
    <message>
        <source>Solids: {solids}, volume {volume} mm³, area {area} mm²</source>
        <translation>Solids: {solids}, volume {volume} mm³, area {area} mm²</translation>
    </message>
    <message>
        <source>Bounding box: {size} mm</source>
        <translation>Bounding box: {size} mm</translation>
    </message>
    <message>
        <source>Geometry was not measured.</source>
        <translation>Geometry was not measured.</translation>
    </message>
    <message>
        <source>Objects ({count}):</source>
        <translation>Objects ({count}):</translation>
    </message>
    <message>
        <source>Opened {name} version {version}.</source>
        <translation>Opened {name} version {version}.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Version {a} → version {b}</source>
        <translation>Version {a} → version {b}</translation>
    </message>
    <message>
        <source>Objects added: {names}</source>
        <translation>Objects added: {names}</translation>
    </message>
    <message>
        <source>Objects removed: {names}</source>
        <translation>Objects removed: {names}</translation>
    </message>
    <message>
        <source>Objects whose type changed: {names}</source>
        <translation>Objects whose type changed: {names}</translation>
    </message>
    <message>
        <source>Geometry: unchanged</source>
        <translation>Geometry: unchanged</translation>
    </message>
    <message>
        <source>The two files are identical.</source>
        <translation>The two files are identical.</translation>
    </message>
    <message>
        <source>Deleted version(s) {versions} (Restore brings them back).</source>
        <translation>Deleted version(s) {versions} (Restore brings them back).</translation>
    </message>
    <message>
        <source>Restored version(s) {versions}.</source>
        <translation>Restored version(s) {versions}.</translation>
    </message>
    <message>
        <source>Empty: projem.sqlite3 in your user data folder</source>
        <translation>Empty: projem.sqlite3 in your user data folder</translation>
    </message>
    <message>
        <source>A SQLite file path, or postgresql://user@host/database for a shared database</source>
        <translation>A SQLite file path, or postgresql://user@host/database for a shared database</translation>
    </message>
    <message>
        <source>SQLite file…</source>
        <translation>SQLite file…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Empty: beside the SQLite file</source>
        <translation>Empty: beside the SQLite file</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Folder…</translation>
    </message>
    <message>
        <source>FreeCAD&apos;s language</source>
        <translation>FreeCAD&apos;s language</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Database URL or file</source>
        <translation>Database URL or file</translation>
    </message>
    <message>
        <source>Artefact store</source>
        <translation>Artefact store</translation>
    </message>
    <message>
        <source>Folder for documents and G-code</source>
        <translation>Folder for documents and G-code</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Projem&apos;s language</source>
        <translation>Projem&apos;s language</translation>
    </message>
    <message>
        <source>A new language shows after FreeCAD is restarted.</source>
        <translation>A new language shows after FreeCAD is restarted.</translation>
    </message>
    <message>
        <source>SQLite database file</source>
        <translation>SQLite database file</translation>
    </message>
    <message>
        <source>Artefact store folder</source>
        <translation>Artefact store folder</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Connected: {result}</source>
        <translation>Connected: {result}</translation>
    </message>
    <message>
        <source>Cannot connect: {reason}</source>
        <translation>Cannot connect: {reason}</translation>
    </message>
    <message>
        <source>Search by name…</source>
        <translation>Search by name…</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>{count} shown</source>
        <translation>{count} shown</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>Not saved: correct the fields marked in red.</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>Saved {name}.</translation>
    </message>
    <message>
        <source>Deleted {name} (Restore brings it back).</source>
        <translation>Deleted {name} (Restore brings it back).</translation>
    </message>
    <message>
        <source>Restored {name}.</source>
        <translation>Restored {name}.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Machine type</source>
        <translation>Machine type</translation>
    </message>
    <message>
        <source>Controller</source>
        <translation>Controller</translation>
    </message>
    <message>
        <source>Post-processor</source>
        <translation>Post-processor</translation>
    </message>
    <message>
        <source>Travel X (mm)</source>
        <translation>Travel X (mm)</translation>
    </message>
    <message>
        <source>Travel Y (mm)</source>
        <translation>Travel Y (mm)</translation>
    </message>
    <message>
        <source>Travel Z (mm)</source>
        <translation>Travel Z (mm)</translation>
    </message>
    <message>
        <source>Maximum spindle speed (rpm)</source>
        <translation>Maximum spindle speed (rpm)</translation>
    </message>
    <message>
        <source>Maximum feed (mm/min)</source>
        <translation>Maximum feed (mm/min)</translation>
    </message>
    <message>
        <source>Rapid (mm/min)</source>
        <translation>Rapid (mm/min)</translation>
    </message>
    <message>
        <source>Acceleration (mm/s²)</source>
        <translation>Acceleration (mm/s²)</translation>
    </message>
    <message>
        <source>Tool changer slots</source>
        <translation>Tool changer slots</translation>
    </message>
    <message>
        <source>Spindle power (kW)</source>
        <translation>Spindle power (kW)</translation>
    </message>
    <message>
        <source>In service</source>
        <translation>In service</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Tool</translation>
    </message>
    <message>
        <source>Faces</source>
        <translation>Faces</translation>
    </message>
    <message>
        <source>Feed (mm/min)</source>
        <translation>Feed (mm/min)</translation>
    </message>
    <message>
        <source>Plunge (mm/min)</source>
        <translation>Plunge (mm/min)</translation>
    </message>
    <message>
        <source>Stepdown (mm)</source>
        <translation>Stepdown (mm)</translation>
    </message>
    <message>
        <source>Stepover (%)</source>
        <translation>Stepover (%)</translation>
    </message>
    <message>
        <source>Final depth (Z mm)</source>
        <translation>Final depth (Z mm)</translation>
    </message>
    <message>
        <source>not a number: {text}</source>
        <translation>not a number: {text}</translation>
    </message>
    <message>
        <source>row {row} ({name})</source>
        <translation>row {row} ({name})</translation>
    </message>
    <message>
        <source>Blank: the calculator&apos;s value, {value}</source>
        <translation>Blank: the calculator&apos;s value, {value}</translation>
    </message>
    <message>
        <source>Travels X×Y×Z (mm)</source>
        <translation>Travels X×Y×Z (mm)</translation>
    </message>
    <message>
        <source>Spindle (rpm)</source>
        <translation>Spindle (rpm)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>ISO group</source>
        <translation>ISO group</translation>
    </message>
    <message>
        <source>Hardness</source>
        <translation>Hardness</translation>
    </message>
    <message>
        <source>Density (g/cm³)</source>
        <translation>Density (g/cm³)</translation>
    </message>
    <message>
        <source>Machinability (%)</source>
        <translation>Machinability (%)</translation>
    </message>
    <message>
        <source>Cutting data (JSON)</source>
        <translation>Cutting data (JSON)</translation>
    </message>
    <message>
        <source>Cutting data</source>
        <translation>Cutting data</translation>
    </message>
    <message>
        <source>Save document to library</source>
        <translation>Save document to library</translation>
    </message>
    <message>
        <source>What changed in this version (optional)</source>
        <translation>What changed in this version (optional)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>Model name</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>A model name is 1 to 200 characters.</source>
        <translation>A model name is 1 to 200 characters.</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>All types</translation>
    </message>
    <message>
        <source>All tool materials</source>
        <translation>All tool materials</translation>
    </message>
    <message>
        <source>Ø from</source>
        <translation>Ø from</translation>
    </message>
    <message>
        <source>Ø to</source>
        <translation>Ø to</translation>
    </message>
    <message>
        <source>Low stock</source>
        <translation>Low stock</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Write every tool as a FreeCAD tool library, LinuxCNC tool table, CSV or JSON</source>
        <translation>Write every tool as a FreeCAD tool library, LinuxCNC tool table, CSV or JSON</translation>
    </message>
    <message>
        <source>Tool number (T)</source>
        <translation>Tool number (T)</translation>
    </message>
    <message>
        <source>Tool type</source>
        <translation>Tool type</translation>
    </message>
    <message>
        <source>Tool material</source>
        <translation>Tool material</translation>
    </message>
    <message>
        <source>Diameter (mm)</source>
        <translation>Diameter (mm)</translation>
    </message>
    <message>
        <source>Flutes</source>
        <translation>Flutes</translation>
    </message>
    <message>
        <source>Flute length (mm)</source>
        <translation>Flute length (mm)</translation>
    </message>
    <message>
        <source>Overall length (mm)</source>
        <translation>Overall length (mm)</translation>
    </message>
    <message>
        <source>Shank diameter (mm)</source>
        <translation>Shank diameter (mm)</translation>
    </message>
    <message>
        <source>Corner radius (mm)</source>
        <translation>Corner radius (mm)</translation>
    </message>
    <message>
        <source>Tip angle (°)</source>
        <translation>Tip angle (°)</translation>
    </message>
    <message>
        <source>Coating</source>
        <translation>Coating</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Manufacturer</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>On hand</translation>
    </message>
    <message>
        <source>Minimum stock</source>
        <translation>Minimum stock</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>FreeCAD shape</source>
        <translation>FreeCAD shape</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>Ø (mm)</source>
        <translation>Ø (mm)</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Low stock: {on_hand} on hand, minimum {minimum}</source>
        <translation>Low stock: {on_hand} on hand, minimum {minimum}</translation>
    </message>
    <message>
        <source>{low} low on stock</source>
        <translation>{low} low on stock</translation>
    </message>
    <message>
        <source>Import tools</source>
        <translation>Import tools</translation>
    </message>
    <message>
        <source>{count} tool(s) in the file have a number another tool already has:

{clashes}

Give them the next free numbers?</source>
        <translation>{count} tool(s) in the file have a number another tool already has:

{clashes}

Give them the next free numbers?</translation>
    </message>
    <message>
        <source>{count} tool(s) in the file were refused:

{rejected}

Import the other tools anyway?</source>
        <translation>{count} tool(s) in the file were refused:

{rejected}

Import the other tools anyway?</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>Nothing was imported.</translation>
    </message>
    <message>
        <source>Add or update tools from a FreeCAD tool library, LinuxCNC tool table, CSV or JSON</source>
        <translation>Add or update tools from a FreeCAD tool library, LinuxCNC tool table, CSV or JSON</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Imported {file}: {summary}</source>
        <translation>Imported {file}: {summary}</translation>
    </message>
    <message>
        <source>Export tools</source>
        <translation>Export tools</translation>
    </message>
    <message>
        <source>Exported {count} tools to {path}</source>
        <translation>Exported {count} tools to {path}</translation>
    </message>
    <message>
        <source>Projem cannot use its database:

{reason}</source>
        <translation>Projem cannot use its database:

{reason}</translation>
    </message>
    <message>
        <source>Projem could not open its database because of an unexpected error:

{reason}

The details are in FreeCAD&apos;s report view.</source>
        <translation>Projem could not open its database because of an unexpected error:

{reason}

The details are in FreeCAD&apos;s report view.</translation>
    </message>
    <message>
        <source>Projem cannot start</source>
        <translation>Projem cannot start</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>succeeded</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>Export G-code…</source>
        <translation>Export G-code…</translation>
    </message>
    <message>
        <source>Export tool table…</source>
        <translation>Export tool table…</translation>
    </message>
    <message>
        <source>Write a LinuxCNC tool table (.tbl) of the run&apos;s tools</source>
        <translation>Write a LinuxCNC tool table (.tbl) of the run&apos;s tools</translation>
    </message>
    <message>
        <source>Simulation…</source>
        <translation>Simulation…</translation>
    </message>
    <message>
        <source>Open the Simulation panel: simulate this run&apos;s G-code</source>
        <translation>Open the Simulation panel: simulate this run&apos;s G-code</translation>
    </message>
    <message>
        <source>Run {id}: {status} — {model} v{version}, {machine}, {material}</source>
        <translation>Run {id}: {status} — {model} v{version}, {machine}, {material}</translation>
    </message>
    <message>
        <source>{moves} moves, cutting {cut} mm, rapid {rapid} mm, estimated cycle time {time} (from feeds, without acceleration); FreeCAD {freecad}, {post} post</source>
        <translation>{moves} moves, cutting {cut} mm, rapid {rapid} mm, estimated cycle time {time} (from feeds, without acceleration); FreeCAD {freecad}, {post} post</translation>
    </message>
    <message>
        <source>Speed and feed</source>
        <translation>Speed and feed</translation>
    </message>
    <message>
        <source>Cutting (mm)</source>
        <translation>Cutting (mm)</translation>
    </message>
    <message>
        <source>The first {shown} of {total} lines; the export has them all.</source>
        <translation>The first {shown} of {total} lines; the export has them all.</translation>
    </message>
    <message>
        <source>{total} lines</source>
        <translation>{total} lines</translation>
    </message>
    <message>
        <source>Export held G-code?</source>
        <translation>Export held G-code?</translation>
    </message>
    <message>
        <source>The simulation has not released this G-code. Export it anyway? The forced export is recorded in the audit trail.</source>
        <translation>The simulation has not released this G-code. Export it anyway? The forced export is recorded in the audit trail.</translation>
    </message>
    <message>
        <source>Export anyway</source>
        <translation>Export anyway</translation>
    </message>
    <message>
        <source>Nothing exported.</source>
        <translation>Nothing exported.</translation>
    </message>
    <message>
        <source>Export G-code</source>
        <translation>Export G-code</translation>
    </message>
    <message>
        <source>G-code (*.ngc *.nc *.gcode);;All files (*)</source>
        <translation>G-code (*.ngc *.nc *.gcode);;All files (*)</translation>
    </message>
    <message>
        <source>Held G-code written to {path}; the forced export is audited.</source>
        <translation>Held G-code written to {path}; the forced export is audited.</translation>
    </message>
    <message>
        <source>G-code written to {path}</source>
        <translation>G-code written to {path}</translation>
    </message>
    <message>
        <source>Export LinuxCNC tool table</source>
        <translation>Export LinuxCNC tool table</translation>
    </message>
    <message>
        <source>LinuxCNC tool table (*.tbl)</source>
        <translation>LinuxCNC tool table (*.tbl)</translation>
    </message>
    <message>
        <source>{count} tools written to {path}</source>
        <translation>{count} tools written to {path}</translation>
    </message>
    <message>
        <source>held</source>
        <translation>held</translation>
    </message>
    <message>
        <source>released</source>
        <translation>released</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>All models</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Moves</source>
        <translation>Moves</translation>
    </message>
    <message>
        <source>Cycle time</source>
        <translation>Cycle time</translation>
    </message>
    <message>
        <source>G-code</source>
        <translation>G-code</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Runs shown: {count} (newest first)</source>
        <translation>Runs shown: {count} (newest first)</translation>
    </message>
    <message>
        <source>Created: {when}</source>
        <translation>Created: {when}</translation>
    </message>
    <message>
        <source>CAM job document: {path}</source>
        <translation>CAM job document: {path}</translation>
    </message>
    <message>
        <source>Plan notes:</source>
        <translation>Plan notes:</translation>
    </message>
    <message>
        <source>{operation}: given in the spec: {fields}</source>
        <translation>{operation}: given in the spec: {fields}</translation>
    </message>
    <message>
        <source>Tools: {tools}</source>
        <translation>Tools: {tools}</translation>
    </message>
    <message>
        <source>Not simulated: the G-code is held until a simulation is clean</source>
        <translation>Not simulated: the G-code is held until a simulation is clean</translation>
    </message>
    <message>
        <source>Held: the simulation is still running</source>
        <translation>Held: the simulation is still running</translation>
    </message>
    <message>
        <source>Held: the simulation failed — {error}</source>
        <translation>Held: the simulation failed — {error}</translation>
    </message>
    <message>
        <source>Released: simulation clean ({count} warnings)</source>
        <translation>Released: simulation clean ({count} warnings)</translation>
    </message>
    <message>
        <source>Released: simulation clean</source>
        <translation>Released: simulation clean</translation>
    </message>
    <message>
        <source>Held: {count} errors — first: {finding}</source>
        <translation>Held: {count} errors — first: {finding}</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>clean</translation>
    </message>
    <message>
        <source>{count} errors</source>
        <translation>{count} errors</translation>
    </message>
    <message>
        <source>{id}: {resolution} mm, {when} — {verdict}</source>
        <translation>{id}: {resolution} mm, {when} — {verdict}</translation>
    </message>
    <message>
        <source>This CAM run has no G-code to simulate.</source>
        <translation>This CAM run has no G-code to simulate.</translation>
    </message>
    <message>
        <source>No CAM run chosen</source>
        <translation>No CAM run chosen</translation>
    </message>
    <message>
        <source>CAM run {id}: {model} v{version}, {machine}, {material}</source>
        <translation>CAM run {id}: {model} v{version}, {machine}, {material}</translation>
    </message>
    <message>
        <source>Simulating at {resolution} mm… {elapsed} s</source>
        <translation>Simulating at {resolution} mm… {elapsed} s</translation>
    </message>
    <message>
        <source>Removed {removed}, remaining {remaining}, left above the part {left}</source>
        <translation>Removed {removed}, remaining {remaining}, left above the part {left}</translation>
    </message>
    <message>
        <source>Cycle time {cycle} with acceleration, {feed_only} from feeds alone; simulated at {resolution} mm in {elapsed} s</source>
        <translation>Cycle time {cycle} with acceleration, {feed_only} from feeds alone; simulated at {resolution} mm in {elapsed} s</translation>
    </message>
    <message>
        <source>Findings: {errors} errors, {warnings} warnings</source>
        <translation>Findings: {errors} errors, {warnings} warnings</translation>
    </message>
    <message>
        <source>Cell size of the stock&apos;s height field: finer is slower</source>
        <translation>Cell size of the stock&apos;s height field: finer is slower</translation>
    </message>
    <message>
        <source>Simulate the run&apos;s G-code on its stock with its tools</source>
        <translation>Simulate the run&apos;s G-code on its stock with its tools</translation>
    </message>
    <message>
        <source>Simulations of this run stored so far</source>
        <translation>Simulations of this run stored so far</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Stored</translation>
    </message>
    <message>
        <source>Machined stock</source>
        <translation>Machined stock</translation>
    </message>
    <message>
        <source>Material left</source>
        <translation>Material left</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>none yet</translation>
    </message>
    <message>
        <source>no picture yet</source>
        <translation>no picture yet</translation>
    </message>
    <message>
        <source>{width} × {height} px</source>
        <translation>{width} × {height} px</translation>
    </message>
    <message>
        <source>Wait for the simulation of run {id} to finish.</source>
        <translation>Wait for the simulation of run {id} to finish.</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>warning</translation>
    </message>
    <message>
        <source>Simulation {id} stored.</source>
        <translation>Simulation {id} stored.</translation>
    </message>
    <message>
        <source>Projem needs these Python packages, which FreeCAD&apos;s Python cannot import: {packages}.

Press Install to install them where FreeCAD finds add-on packages (an internet connection is needed), or Install from folder… for a folder of wheels prepared with &apos;python3 -m projem_workbench deps download&apos; on a computer that has one. From a terminal, in Projem&apos;s folder:
  python3 -m projem_workbench deps install</source>
        <translation>Projem needs these Python packages, which FreeCAD&apos;s Python cannot import: {packages}.

Press Install to install them where FreeCAD finds add-on packages (an internet connection is needed), or Install from folder… for a folder of wheels prepared with &apos;python3 -m projem_workbench deps download&apos; on a computer that has one. From a terminal, in Projem&apos;s folder:
  python3 -m projem_workbench deps install</translation>
    </message>
    <message>
        <source>On Debian or Ubuntu with FreeCAD from the distribution, also:
  sudo apt install {debian}</source>
        <translation>On Debian or Ubuntu with FreeCAD from the distribution, also:
  sudo apt install {debian}</translation>
    </message>
    <message>
        <source>Projem needs Python packages</source>
        <translation>Projem needs Python packages</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>Install</translation>
    </message>
    <message>
        <source>Install from folder…</source>
        <translation>Install from folder…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Folder of wheels for Projem&apos;s packages</source>
        <translation>Folder of wheels for Projem&apos;s packages</translation>
    </message>
    <message>
        <source>Installing into {folder} …</source>
        <translation>Installing into {folder} …</translation>
    </message>
    <message>
        <source>The Python executable could not be started.</source>
        <translation>The Python executable could not be started.</translation>
    </message>
    <message>
        <source>Set the Python executable in FreeCAD&apos;s preferences (General &gt; Python console), then press Install again.</source>
        <translation>Set the Python executable in FreeCAD&apos;s preferences (General &gt; Python console), then press Install again.</translation>
    </message>
    <message>
        <source>pip finished, but the packages do not import: </source>
        <translation>pip finished, but the packages do not import: </translation>
    </message>
    <message>
        <source>Remove the folder {folder} and press Install again.</source>
        <translation>Remove the folder {folder} and press Install again.</translation>
    </message>
    <message>
        <source>The packages are installed, but this FreeCAD loaded an older copy before: {reason}</source>
        <translation>The packages are installed, but this FreeCAD loaded an older copy before: {reason}</translation>
    </message>
    <message>
        <source>Restart FreeCAD to use them.</source>
        <translation>Restart FreeCAD to use them.</translation>
    </message>
    <message>
        <source>Installed. Projem is starting.</source>
        <translation>Installed. Projem is starting.</translation>
    </message>
</context>
<context>
    <name>Projem_DatabaseStatus</name>
    <message>
        <source>Database status</source>
        <translation>Database status</translation>
    </message>
    <message>
        <source>Show the Projem database&apos;s location, schema and contents</source>
        <translation>Show the Projem database&apos;s location, schema and contents</translation>
    </message>
</context>
<context>
    <name>Projem_EditPreferences</name>
    <message>
        <source>Preferences…</source>
        <translation>Preferences…</translation>
    </message>
    <message>
        <source>Choose the database, the artefact store folder and the language</source>
        <translation>Choose the database, the artefact store folder and the language</translation>
    </message>
</context>
<context>
    <name>Projem_ManageMachines</name>
    <message>
        <source>Machines</source>
        <translation>Machines</translation>
    </message>
    <message>
        <source>Edit the CNC machines: travels, spindle, feeds, post-processor</source>
        <translation>Edit the CNC machines: travels, spindle, feeds, post-processor</translation>
    </message>
</context>
<context>
    <name>Projem_ManageMaterials</name>
    <message>
        <source>Materials</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>Edit the workpiece materials and their cutting data</source>
        <translation>Edit the workpiece materials and their cutting data</translation>
    </message>
</context>
<context>
    <name>Projem_ManageTools</name>
    <message>
        <source>Tool library</source>
        <translation>Tool library</translation>
    </message>
    <message>
        <source>Edit the shop&apos;s cutting tools, stock, and tool-library files</source>
        <translation>Edit the shop&apos;s cutting tools, stock, and tool-library files</translation>
    </message>
</context>
<context>
    <name>Projem_NewCamRun</name>
    <message>
        <source>New CAM run</source>
        <translation>New CAM run</translation>
    </message>
    <message>
        <source>Plan toolpaths for a model version on a machine and material, adjust them, and make the G-code</source>
        <translation>Plan toolpaths for a model version on a machine and material, adjust them, and make the G-code</translation>
    </message>
</context>
<context>
    <name>Projem_OpenModel</name>
    <message>
        <source>Open model version</source>
        <translation>Open model version</translation>
    </message>
    <message>
        <source>Browse the model library: versions, thumbnails, open, compare, delete</source>
        <translation>Browse the model library: versions, thumbnails, open, compare, delete</translation>
    </message>
</context>
<context>
    <name>Projem_SaveModel</name>
    <message>
        <source>Save document to library</source>
        <translation>Save document to library</translation>
    </message>
    <message>
        <source>Save the active document, then keep it in the library as a new version</source>
        <translation>Save the active document, then keep it in the library as a new version</translation>
    </message>
</context>
<context>
    <name>Projem_ShowCamRuns</name>
    <message>
        <source>CAM runs</source>
        <translation>CAM runs</translation>
    </message>
    <message>
        <source>The CAM runs made so far: status, statistics, G-code and exports</source>
        <translation>The CAM runs made so far: status, statistics, G-code and exports</translation>
    </message>
</context>
<context>
    <name>Projem_Simulate</name>
    <message>
        <source>Simulate CAM run</source>
        <translation>Simulate CAM run</translation>
    </message>
    <message>
        <source>Simulate the CAM run chosen in the CAM runs dock (else the newest): material removed and left, cycle time, and the G-code&apos;s errors before it goes to the machine</source>
        <translation>Simulate the CAM run chosen in the CAM runs dock (else the newest): material removed and left, cycle time, and the G-code&apos;s errors before it goes to the machine</translation>
    </message>
</context>
<context>
    <name>Projem_VerifyAudit</name>
    <message>
        <source>Verify audit trail</source>
        <translation>Verify audit trail</translation>
    </message>
    <message>
        <source>Show the audit log and check that no entry was changed or removed</source>
        <translation>Show the audit log and check that no entry was changed or removed</translation>
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
