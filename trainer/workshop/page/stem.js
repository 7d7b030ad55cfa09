(function(){
"use strict";
// The voting page works as plain HTML forms; this script only makes it live: it fetches the card every two
// seconds (replacing it only when it changed, so taps are not lost and screen readers do not re-read it),
// keeps the countdown (discussion or role-play) in place, and sends a vote without reloading the page.
var card=document.getElementById("sak");
if(!card||!window.fetch||!window.JSON){return;}
var key=card.getAttribute("data-key"),timer=null;
function answer(r){return r.json().then(function(d){return{status:r.status,data:d};});}
function status(text,cls){
  var s=card.querySelector(".status");
  if(s){s.textContent=text||"";s.className="status "+(cls||"");}
}
function countdown(left,label){
  var c=document.getElementById("nedtelling");
  if(!c){return;}
  if(!left){c.textContent="";return;}
  var m=Math.floor(left/60),sec=("0"+(left%60)).slice(-2);
  c.textContent=(label||"Diskusjon")+": "+m+":"+sec+" igjen";
}
function later(ms){if(timer){clearTimeout(timer);}timer=setTimeout(poll,ms);}
function poll(){
  fetch("/api/state",{cache:"no-store",credentials:"same-origin"}).then(answer).then(function(res){
    if(res.status===401){location.reload();return;}
    if(res.status!==200){status(res.data.error||"Noe gikk galt.","feil");later(4000);return;}
    var d=res.data;
    if(d.key!==key){key=d.key;card.innerHTML=d.html;card.setAttribute("data-key",key);}
    countdown(d.countdown,d.countdown_label);
    later(2000);
  }).catch(function(){status("Mistet kontakten. Prøver igjen …","feil");later(4000);});
}
card.addEventListener("click",function(ev){
  var b=ev.target&&ev.target.closest?ev.target.closest("button[name=valg]"):null;
  if(!b||b.disabled||!b.form){return;}
  ev.preventDefault();
  var decision=parseInt(b.form.elements.beslutning.value,10);
  status("Sender …");
  fetch("/api/vote",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json"},
    body:JSON.stringify({decision:decision,option:b.value})}).then(answer).then(function(res){
    if(res.status===200){key=null;poll();return;}
    if(res.status===401){location.reload();return;}
    status(res.data.error||"Noe gikk galt.","feil");
    if(res.status===409){key=null;later(1500);}
  }).catch(function(){status("Stemmen ble ikke sendt. Prøv igjen.","feil");});
});
later(2000);
})();
